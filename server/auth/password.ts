// Password hashing with bcrypt (bcryptjs: pure JavaScript, no native build, widely used).
import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A real hash of a random string: compared against when the account does not exist, so a wrong
 * email costs the same time as a wrong password and reveals nothing. */
export const DUMMY_HASH = "$2b$10$.wJjc2UESXvoWAjCPBXTe.sJgR7WQe.pyq1eDPpavlxud1SRoPMpq";

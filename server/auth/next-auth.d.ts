// The session and token carry the user id, role and server-side session id.
import type { Role } from "../db/generated/enums";

declare module "next-auth" {
  interface User {
    id: string;
    role: Role;
    /** The "StaffSession" row opened at this sign-in. */
    sessionId: string;
  }
  interface Session {
    user: { id: string; role: Role; name?: string | null; email?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    sid?: string;
  }
}

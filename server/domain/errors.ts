// Domain errors: one class with a code, mapped to tRPC/HTTP errors in one place (server/api/trpc.ts).
export type AppErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_INPUT";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Field errors by field path, shown next to form fields. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

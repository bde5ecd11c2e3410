import { handleAuthRequest } from "@/server/auth/route-handler";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, context: Context) {
  return handleAuthRequest(req, (await context.params).nextauth);
}

export { handler as GET, handler as POST };

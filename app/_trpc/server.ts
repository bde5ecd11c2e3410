// Calls tRPC procedures from server components, as the signed-in staff member.
import "server-only";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { getCurrentActor } from "../_lib/current-actor";

export const getServerCaller = cache(async () => createCaller({ db: await getDb(), actor: await getCurrentActor() }));

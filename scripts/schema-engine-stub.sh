#!/bin/sh
# Stand-in for Prisma's schema engine binary; see scripts/prisma.mjs.
exit 1

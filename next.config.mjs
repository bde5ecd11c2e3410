/** @type {import('next').NextConfig} */
const nextConfig = {
  // The database drivers load WebAssembly and data files from their own folders at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;

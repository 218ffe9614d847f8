/**
 * Minimal executable headers for each platform the SDK ships, so the resolver's wrong-platform
 * diagnosis can be tested on any host without cross-built binaries. Only the fields the
 * resolver reads are set; the rest is zero, as in a real header's padding.
 */
const ELF_MACHINE: Readonly<Record<string, number>> = { x64: 0x3e, arm64: 0xb7 };
const MACHO_CPU: Readonly<Record<string, number>> = { x64: 0x01000007, arm64: 0x0100000c };
const PE_MACHINE: Readonly<Record<string, number>> = { x64: 0x8664, arm64: 0xaa64 };

/** The first bytes of an executable for `<os>-<arch>` (linux, darwin, win32; x64, arm64). */
export function executableHeader(os: string, arch: string): Buffer {
  const header = Buffer.alloc(512);
  if (os === 'linux') {
    header.writeUInt32BE(0x7f454c46, 0); // \x7fELF
    header[4] = 2; // 64-bit
    header[5] = 1; // little endian
    header[6] = 1; // ELF version
    header.writeUInt16LE(2, 16); // ET_EXEC
    header.writeUInt16LE(ELF_MACHINE[arch] ?? 0, 18);
  } else if (os === 'darwin') {
    header.writeUInt32LE(0xfeedfacf, 0);
    header.writeUInt32LE(MACHO_CPU[arch] ?? 0, 4);
  } else if (os === 'win32') {
    header.write('MZ', 0, 'latin1');
    header.writeUInt32LE(0x80, 0x3c);
    header.write('PE\0\0', 0x80, 'latin1');
    header.writeUInt16LE(PE_MACHINE[arch] ?? 0, 0x84);
  } else {
    throw new Error(`no header for ${os}`);
  }
  return header;
}

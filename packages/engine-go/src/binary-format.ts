/**
 * Which platform an executable was built for, read from its first bytes (ELF, Mach-O or PE
 * header). The resolver uses it to say "this is a linux-arm64 binary, this host is linux-x64"
 * instead of letting the spawn fail with ENOEXEC or "exec format error".
 *
 * Only reads the file: nothing here runs it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** A platform in Node's names: `process.platform` and `process.arch`. */
export interface BinaryPlatform {
  readonly os: string;
  readonly arch: string;
}

// The header fields we need sit in the first few hundred bytes; PE's offset field can point
// further, so read a little more than that.
const HEADER_BYTES = 4096;

const ELF_MACHINES: Readonly<Record<number, string>> = {
  3: 'ia32',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  62: 'x64',
  183: 'arm64',
  243: 'riscv64',
  258: 'loong64',
};
// EI_OSABI: Go writes 0 (System V) for linux; FreeBSD binaries carry 9.
const ELF_OS_ABI: Readonly<Record<number, string>> = { 0: 'linux', 3: 'linux', 9: 'freebsd', 12: 'openbsd', 2: 'netbsd' };
const MACHO_CPUS: Readonly<Record<number, string>> = { 16777223: 'x64', 16777228: 'arm64', 7: 'ia32', 12: 'arm' };
const PE_MACHINES: Readonly<Record<number, string>> = { 34404: 'x64', 43620: 'arm64', 332: 'ia32', 452: 'arm' };

/** Reads the platform of the executable at `path`; undefined when it is not a known binary format (a script, say). */
export function readBinaryPlatform(path: string): BinaryPlatform | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const header = Buffer.alloc(HEADER_BYTES);
    const length = readSync(fd, header, 0, HEADER_BYTES, 0);
    return binaryPlatformOf(header.subarray(0, length));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The platform named by an executable's header bytes, or undefined for an unknown format. */
export function binaryPlatformOf(header: Uint8Array): BinaryPlatform | undefined {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    // ELF: e_machine at 18, in the byte order EI_DATA (offset 5) names.
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return { os: ELF_OS_ABI[bytes[7] ?? 0] ?? 'unknown-elf-os', arch: ELF_MACHINES[machine] ?? `elf-machine-0x${machine.toString(16)}` };
  }
  if (bytes.length >= 8) {
    const magic = bytes.readUInt32LE(0);
    // Mach-O, 32 and 64 bit, little endian (all Apple platforms since PowerPC): cputype at 4.
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      const cpu = bytes.readUInt32LE(4);
      return { os: 'darwin', arch: MACHO_CPUS[cpu] ?? `macho-cpu-0x${cpu.toString(16)}` };
    }
    // A universal (fat) Mach-O: big-endian header, then one (cputype, ...) entry per arch. Go
    // does not produce these; report the first arch so the message still names the platform.
    if (bytes.readUInt32BE(0) === 0xcafebabe && bytes.length >= 12) {
      const count = bytes.readUInt32BE(4);
      // Java class files share the magic; their "count" (a version number) is far above 20.
      if (count > 0 && count < 20) {
        const cpu = bytes.readUInt32BE(8);
        return { os: 'darwin', arch: MACHO_CPUS[cpu] ?? `macho-cpu-0x${cpu.toString(16)}` };
      }
    }
  }
  if (bytes.length >= 0x40 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    // PE: "MZ", e_lfanew at 0x3c points at "PE\0\0", then the machine field.
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) {
      const machine = bytes.readUInt16LE(pe + 4);
      return { os: 'win32', arch: PE_MACHINES[machine] ?? `pe-machine-0x${machine.toString(16)}` };
    }
  }
  return undefined;
}

// Binaries another platform runs anyway: Rosetta 2 on Apple silicon, x64 emulation on Windows on Arm.
const EMULATED: Readonly<Record<string, readonly string[]>> = {
  'darwin-arm64': ['darwin-x64'],
  'win32-arm64': ['win32-x64'],
};

/** True when a binary for `binary` runs on `host`. */
export function runsOn(binary: BinaryPlatform, host: BinaryPlatform): boolean {
  const b = `${binary.os}-${binary.arch}`;
  const h = `${host.os}-${host.arch}`;
  return b === h || (EMULATED[h] ?? []).includes(b);
}

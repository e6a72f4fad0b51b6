#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the seed inputs of tests/fuzz/corpus/<harness>/seed-* (run from
the top of the repository; the files are committed, this script documents
how they were made).  The encodings follow the decoders: fuzz_input.h and
fuzz_call.c, fuzz_output.c, fuzz_kmod_policy.c."""
import os
import struct

u8 = lambda v: struct.pack("<B", v & 0xff)
u16 = lambda v: struct.pack("<H", v & 0xffff)
u32 = lambda v: struct.pack("<I", v & 0xffffffff)
u64 = lambda v: struct.pack("<Q", v & 0xffffffffffffffff)


def nr(n):
    return u8(0) + u16(n)


def region(data, size=None, off=0, adjacent=False):
    """One fz_memory region: its bytes (up to 511) in a region of 'size'."""
    size = size or max(len(data), 1)
    how = 1 if adjacent else 0
    out = u8(how) + u16(size) + u16(len(data))
    if not adjacent:
        out += u16(off)
    return out + data


def memory(*regions):
    return u8(len(regions)) + b"".join(regions)


def raw(v):
    return u8(0) + u64(v)


def small(v):
    return u8(0x81) + u8(v)


def ptr(r, off=0):
    """An address 'off' bytes into region 'r'."""
    return u8(2 | r << 2) + u16(off)


def call_input(n, number, mem, args, followers, ret=b"", head_bits=0):
    out = u8((n - 2) | head_bits) + number + mem + b"".join(args)
    for f in followers:
        out += f
    out += u8(255) * n       # rendering buffer sizes
    return out + ret


def set_new(nvariants, window=None, argmask=None, argbuf=None, extra=b""):
    def attr(t, data):
        a = u16(4 + len(data)) + u16(t) + data
        return a + b"\0" * (-len(a) % 4)
    approved = bytearray(64)
    for n in (0, 1, 3, 39, 60):          # read write close getpid exit
        approved[n // 8] |= 1 << (n % 8)
    body = attr(2, u32(nvariants)) + attr(3, bytes(approved))
    if window is not None:
        body += attr(5, u32(window))
    if argmask is not None:
        body += attr(4, argmask)
    if argbuf is not None:
        body += attr(22, argbuf)
    return u8(0) + u16(len(body)) + body + extra


def write(harness, name, data):
    d = os.path.join("tests/fuzz/corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# fuzz_call: write(1, "hello", 5) in two identical variants, then copied out
write("fuzz_call", "write-identical",
      call_input(2, nr(1), memory(region(b"hello", 16)),
                 [small(1), ptr(0), small(5), raw(0), raw(0), raw(0)],
                 [u8(1)], ret=ptr(0) + u8(1) + u16(5)))
# openat(AT_FDCWD, "/etc/passwd", 0) in three variants, one changed
write("fuzz_call", "openat-mutated",
      call_input(3, nr(257), memory(region(b"/etc/passwd\0", 64, off=4090)),
                 [raw(-100), ptr(0), small(0), small(0), raw(0), raw(0)],
                 [u8(1), u8(2) + u8(0) + u8(0) + u16(3) + u8(1)]))
# read(0, buf, 4096) whose buffer runs into an unmapped page
write("fuzz_call", "read-short-buffer",
      call_input(2, nr(0), memory(region(b"", 100, off=4000)),
                 [small(0), ptr(0), raw(4096), raw(0), raw(0), raw(0)],
                 [u8(1)], ret=ptr(0) + u8(1) + u16(4096)))
# writev(1, iov, 2): iovecs pointing into an adjacent region
iov = u64(0x10000000 + 0x100000 + 32) + u64(3) + u64(0x10000000 + 0x100000 + 40) + u64(4)
write("fuzz_call", "writev",
      call_input(2, nr(20),
                 memory(region(iov, 32), region(b"abcdefghijklmnop", 64, adjacent=True)),
                 [small(1), ptr(0), small(2), raw(0), raw(0), raw(0)], [u8(1)]))
# ioctl(0, request, arg) as the ioctl handler describes it: 200-byte STRUCT_INOUT
write("fuzz_call", "ioctl-inout",
      u8(0x60) + u16(3 | 200 << 2) + nr(16)[0:0] +
      memory(region(bytes(range(200)), 256)) +
      b"".join([small(0), raw(0x5401), ptr(0), raw(0), raw(0), raw(0)]) +
      u8(1) + u8(255) * 2)
# execve("/bin/true", argv, NULL)
argv = u64(0x10000000 + 16) + u64(0)
write("fuzz_call", "execve",
      call_input(2, nr(59), memory(region(argv + b"/bin/true\0", 64)),
                 [ptr(0, 16), ptr(0), raw(0), raw(0), raw(0), raw(0)], [u8(1)]))

# fuzz_output: a string with quotes, controls and high bytes; a divergence
s = b'a"b\\c\nd\x01\x7f\xff'
why = b"content differs at byte 3"
out = u8(0x01) + u8(3) + u16(len(s)) + s + u16(len(why)) + why
for v in range(2):
    out += nr(1) + u8(0) + memory(region(b"hi\n", 8)) + \
        b"".join([small(1), ptr(0), small(3), raw(0), raw(0), raw(0)])
out += u8(1) + u8(1) + u64(3) + b"value differs\0".ljust(95, b"\0")
for h in range(3):
    out += u64(h) + nr(39) + u64(0) * 6 + u64(1234)
write("fuzz_output", "divergence", out)
write("fuzz_output", "unknown-call",
      u8(0x40) + u8(0) + u16(0) + u16(0) + u8(0xff) + u64(-1) + u8(1) + u8(0))

# fuzz_kmod_policy: valid MVX_CMD_SET_NEW requests, then arrivals
ops = b""
for _ in range(3):
    ops += u8(0 | 0 << 2) + u8(0 | 1 << 2)      # attach 0 and 1 (again: refused)
    ops += u8(3 | 0 << 2) + u8(0) + u8(3 | 1 << 2) + u8(0)
write("fuzz_kmod_policy", "set-new-minimal",
      set_new(2, extra=u8(1) + u8(0) + u8(3) + u8(39) + ops))
argmask = bytearray(512)
argmask[1] = 0x07
argbuf = bytearray(1024)
argbuf[2 * 1], argbuf[2 * 1 + 1] = 2, 16     # write: arg 1, 16 bytes
write("fuzz_kmod_policy", "set-new-full",
      set_new(3, window=4, argmask=bytes(argmask), argbuf=bytes(argbuf),
              extra=u8(1) + u8(0) + u8(0) + u8(0) + u8(0) + u8(0) + u8(0) + u8(0)
              + u8(0 | 0 << 2) + u8(0 | 1 << 2) + u8(0 | 2 << 2)
              + (u8(3 | 0 << 2) + u8(0x0c) + u8(3 | 1 << 2) + u8(0x0c)
                 + u8(3 | 2 << 2) + u8(0x2c)) * 4))
write("fuzz_kmod_policy", "task-add",
      u8(2) + u16(24) + u16(8) + u16(1) + u32(1) + u16(8) + u16(8) + u32(42)
      + u16(8) + u16(9) + u32(1))

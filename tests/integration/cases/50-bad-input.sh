# Bad input (issue 2, point 8): a clear one-line "mvx: " message, the
# documented status, nothing on stdout, no stray process.

# refuse STATUS REGEX MVX-ARGS...: mvx MVX-ARGS... exits STATUS with a
# message mentioning REGEX.  An argument @MARK@ is replaced by a marker
# unique to the test, which is then looked for among the processes.
refuse() {
	local want=$1 re=$2 m
	shift 2
	m=$(new_marker)
	set -- "${@//@MARK@/$m}"
	_prepare "$T/run"
	(cd "$T/run/wd" && TMPDIR="$T/run/tmp" exec timeout -k 5 "$TO" "$MVX" "$@") \
		</dev/null >"$T/run/out" 2>"$T/run/err"
	ST=$?
	expect_status "$ST" "$want" "mvx $*"
	expect_empty "$T/run/out" "stdout"
	expect_mvx_msg "$T/run/err" "$re"
	expect_empty_dir "$T/run/tmp" "TMPDIR"
	expect_no_process "$m" "after the refusal"
}

# An ELF header for a foreign machine, written with printf: a runnable
# i386 executable (exit(42) via int $0x80, 96 bytes) or an aarch64 header.
make_elf32() {
	{
		printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000'
		# e_type EXEC, e_machine 386, e_version, e_entry 0x08048054, e_phoff 52
		printf '\002\000\003\000\001\000\000\000\124\200\004\010\064\000\000\000'
		# e_shoff, e_flags, e_ehsize 52, e_phentsize 32, e_phnum 1, shentsize 40
		printf '\000\000\000\000\000\000\000\000\064\000\040\000\001\000\050\000'
		printf '\000\000\000\000'
		# PT_LOAD at 0x08048000, 96 bytes, R+X, align 4096
		printf '\001\000\000\000\000\000\000\000\000\200\004\010\000\200\004\010'
		printf '\140\000\000\000\140\000\000\000\005\000\000\000\000\020\000\000'
		# mov $1, %eax; mov $42, %ebx; int $0x80
		printf '\270\001\000\000\000\273\052\000\000\000\315\200'
	} >"$1"
	chmod 755 "$1"
}

make_elf_aarch64() {
	{
		printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
		# e_type EXEC, e_machine AARCH64 (183), e_version, e_entry 0x400078
		printf '\002\000\267\000\001\000\000\000\170\000\100\000\000\000\000\000'
		# e_phoff 64, e_shoff 0
		printf '\100\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'
		# e_flags, e_ehsize 64, e_phentsize 56, e_phnum 1, e_shentsize 64, 0, 0
		printf '\000\000\000\000\100\000\070\000\001\000\100\000\000\000\000\000'
		# PT_LOAD, R+X, offset 0, vaddr/paddr 0x400000, filesz/memsz 128
		printf '\001\000\000\000\005\000\000\000\000\000\000\000\000\000\000\000'
		printf '\000\000\100\000\000\000\000\000\000\000\100\000\000\000\000\000'
		printf '\200\000\000\000\000\000\000\000\200\000\000\000\000\000\000\000'
		printf '\000\000\001\000\000\000\000\000'
		# mov x0, #0; mov x8, #93; svc #0; padding
		printf '\000\000\200\322\250\013\200\322\001\000\000\324\000\000\000\000'
	} >"$1"
	chmod 755 "$1"
}

foreign_elf() {
	local kind=$1 bin=$T/$1.bin
	"make_$kind" "$bin"
	# Checks of the fixture itself: the kernel runs the i386 one (where
	# IA32 emulation is on) and refuses the aarch64 one.
	"$bin" >/dev/null 2>&1
	note "native run of the crafted $kind binary: status $?"
	refuse 126 '32-bit|i386|ia32|architecture|elf|exec format' run -n 2 -- "$bin" @MARK@
}

# exec_foreign N KIND: a shell inside the run executes the crafted binary.
# mvx cannot compare a 32-bit program's calls, so the execve fails with
# ENOEXEC in every variant, as on a kernel without 32-bit support (and as
# the kernel fails the aarch64 one anyway), said once; the shell reports
# it and goes on, in lockstep, to its own status.
exec_foreign() {
	local n=$1 kind=$2 bin=$T/$2.bin
	"make_$kind" "$bin"
	mvx "$T/mvx" /dev/null -n "$n" -- sh -c '"$1"; echo "status $?"' sh "$bin"
	expect_status "$ST" 0 "mvx -n $n -- sh -c 'BINARY; echo ...'"
	expect_content "$T/mvx/out" $'status 126\n' "stdout"
	[ "$(grep -c "^mvx: .*$kind.bin: not an x86-64 program.*the execve fails with ENOEXEC in every variant\$" "$T/mvx/err")" -eq 1 ] ||
		bad "expected one message about the refused execve: $(head -c 300 "$T/mvx/err")"
}

gcc_m32() {
	printf 'int main(void) { return 42; }\n' >"$T/m32.c"
	gcc -m32 -o "$T/m32" "$T/m32.c" 2>"$T/gcc.err" || {
		bad "gcc -m32 failed although it worked in the probe"
		return
	}
	refuse 126 '32-bit|i386|ia32|architecture|elf' run -n 2 -- "$T/m32" @MARK@
}

not_executable() {
	printf '#!/bin/sh\necho should not run\n' >"$T/script.sh"
	chmod 644 "$T/script.sh"
	refuse 126 'script\.sh' run -n 2 -- "$T/script.sh" @MARK@
}

int80() {
	local m
	m=$(new_marker)
	native "$T/native" /dev/null "$TEST_BIN/int80" "$m"
	if [ "$ST" -eq 139 ]; then
		# no system call happens: the kernel (or its hypervisor)
		# refuses int 0x80 with a general protection fault
		note "this machine refuses int 0x80 (SIGSEGV natively): checked that mvx ends the same way"
		mvx "$T/mvx" /dev/null -n 2 -- "$TEST_BIN/int80" "$m"
		expect_status "$ST" 139 "mvx int80 where int 0x80 faults"
		expect_content "$T/mvx/out" $'before\n' "stdout"
		expect_no_process "$m" "after the fault"
		return
	fi
	expect_status "$ST" 0 "native int80 (test fixture)"
	mvx "$T/mvx" /dev/null -n 2 -- "$TEST_BIN/int80" "$m"
	expect_status "$ST" 125 "mvx int80"
	expect_content "$T/mvx/out" $'before\n' "stdout"
	expect_mvx_msg "$T/mvx/err" 'int.?0x80|int80|32-bit|i386|ia32'
	expect_no_process "$m" "after the refusal"
}

variant_missing() {
	refuse 127 'no-such-variant' run -n 2 --variant "$TEST_BIN/same_O0" \
		--variant "$T/no-such-variant" -- same @MARK@
}

t "bad input: unknown option -> 2" refuse 2 'bogus' run --bogus-option -- echo @MARK@
t "bad input: unknown command -> 2" refuse 2 '' bogus-command -- echo @MARK@
t "bad input: no program -> 2" refuse 2 '' run -n 2 --
t "bad input: -n 1 -> 2" refuse 2 '' run -n 1 -- echo @MARK@
t "bad input: -n 17 -> 2" refuse 2 '' run -n 17 -- echo @MARK@
t "bad input: -n 0 -> 2" refuse 2 '' run -n 0 -- echo @MARK@
t "bad input: -n abc -> 2" refuse 2 '' run -n abc -- echo @MARK@
t "bad input: --variants 2x -> 2" refuse 2 '' run --variants 2x -- echo @MARK@
t "bad input: 2 --variant for -n 3 -> 2" refuse 2 'variant' run -n 3 \
	--variant "$TEST_BIN/same_O0" --variant "$TEST_BIN/same_O2" -- same @MARK@
t "bad input: 1 --variant for the default n=2 -> 2" refuse 2 'variant' run \
	--variant "$TEST_BIN/same_O0" -- same @MARK@
t "bad input: program not found (path) -> 127" refuse 127 'no-such-program' \
	run -n 2 -- /nonexistent/no-such-program @MARK@
t "bad input: program not found (PATH) -> 127" refuse 127 'no-such-program' \
	run -n 2 -- no-such-program-mvx @MARK@
t "bad input: --variant not found -> 127" variant_missing
t "bad input: not executable -> 126" not_executable
t "bad input: a directory -> 126" refuse 126 '/usr/share' run -n 2 -- /usr/share @MARK@
t "bad input: 32-bit i386 ELF (crafted) -> 126" foreign_elf elf32
t "bad input: aarch64 ELF (crafted) -> 126" foreign_elf elf_aarch64
if printf 'int main(void) { return 0; }\n' | gcc -m32 -x c -o /dev/null - 2>/dev/null; then
	t "bad input: 32-bit binary from gcc -m32 -> 126" gcc_m32
else
	note "gcc -m32 cannot link here (no gcc-multilib): the 32-bit checks use the crafted ELF only"
fi
t "bad input: int 0x80 from a 64-bit program -> 125 (where the machine faults it: as natively)" int80
for n in 2 3; do
	t "bad input: a shell in the run executes a 32-bit ELF: ENOEXEC, the shell goes on n=$n" exec_foreign $n elf32
	t "bad input: a shell in the run executes an aarch64 ELF: ENOEXEC, the shell goes on n=$n" exec_foreign $n elf_aarch64
	# the monitor reads the named file to see its kind: a FIFO must not
	# hold it (the kernel refuses to execute one, EACCES)
	t "bad input: a shell in the run executes a FIFO: as natively, no wait n=$n" \
		compare $n sh -c 'mkfifo f && chmod +x f && ./f; echo "status $?"; rm f'
done
t "-n 16 is accepted" compare 16 echo sixteen variants

# Divergence: variants that make different system calls are all stopped
# before the diverging call runs anywhere; mvx reports it on stderr and
# exits 125; no variant survives and no temporary file is left.

# leak_stdout N: the address of a local variable written to stdout.
leak_stdout() {
	local m
	m=$(new_marker)
	native "$T/native" /dev/null "$TEST_BIN/leak_stdout" "$m"
	expect_status "$ST" 0 "native leak_stdout (test fixture)"
	[ "$(wc -l <"$T/native/out")" -eq 3 ] || bad "native leak_stdout printed no address (test fixture)"
	mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/leak_stdout" "$m"
	expect_status "$ST" 125 "mvx -n $1 leak_stdout"
	expect_content "$T/mvx/out" $'before\n' "stdout (the address must not be written)"
	expect_mvx_msg "$T/mvx/err" 'write'
	# The report shows the arguments side by side: the leader's buffer
	# starts with the address it would have written.
	grep -q '"0x7f' "$T/mvx/err" ||
		bad "the divergence report does not show the diverging buffer (\"0x7f...\")"
	expect_no_process "$m" "after the divergence"
}

# leak_file N: a layout-dependent value written to a file.
leak_file() {
	local m
	m=$(new_marker)
	mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/leak_file" leaked.txt "$m"
	expect_status "$ST" 125 "mvx -n $1 leak_file"
	expect_content "$T/mvx/wd/leaked.txt" $'start\n' "leaked.txt (the value must not be written)"
	expect_empty "$T/mvx/out" "stdout"
	expect_mvx_msg "$T/mvx/err" 'write'
	expect_no_process "$m" "after the divergence"
}

# variant_builds N BUILD...: --variant builds of vdiff.c that differ in the
# second write.
variant_builds() {
	local n=$1 m args=()
	shift
	m=$(new_marker)
	variant_args "$@"
	mvx "$T/mvx" /dev/null -n "$n" "${args[@]}" -- vdiff "$m"
	expect_status "$ST" 125 "mvx -n $n ${args[*]}"
	expect_content "$T/mvx/out" $'common\n' "stdout (only the common line)"
	expect_mvx_msg "$T/mvx/err" 'write'
	expect_no_process "$m" "after the divergence"
}

# same_builds N BUILD...: --variant builds of same.c at different
# optimisation levels behave identically: output once, status 0.
same_builds() {
	local n=$1 args=()
	shift
	variant_args "$@"
	native "$T/native" /dev/null "$TEST_BIN/$1" result.txt
	expect_status "$ST" 0 "native $1 (test fixture)"
	mvx "$T/mvx" /dev/null -n "$n" "${args[@]}" -- same result.txt
	expect_status "$ST" 0 "mvx -n $n ${args[*]}"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_empty "$T/mvx/err" "stderr"
	expect_same_tree "$T/mvx/wd" "$T/native/wd" "working directory"
}

for n in 2 3; do
	t "divergence: stack address to stdout n=$n" leak_stdout $n
	t "divergence: layout-dependent value to a file n=$n" leak_file $n
done
t "divergence: --variant builds that differ n=2" variant_builds 2 vdiff1 vdiff2
t "divergence: --variant builds that differ n=3" variant_builds 3 vdiff1 vdiff1 vdiff2
t "--variant builds -O0/-O2 agree n=2" same_builds 2 same_O0 same_O2
t "--variant builds -O0/-O2/-Os agree n=3" same_builds 3 same_O0 same_O2 same_Os

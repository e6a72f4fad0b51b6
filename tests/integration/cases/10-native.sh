# Real programs under mvx -n 2 and -n 3: stdout, stderr, exit status and the
# files written must be byte for byte those of a native run.

# epoll_event.data holds the program's pointers (heap, stack): each
# variant's own come back from epoll_wait.
epoll_pointers() {
	compare "$1" "$TEST_BIN/epollptr"
	expect_content "$T/native/out" $'a: 1\nb: 2\nc: 4\n' "native stdout (test fixture)"
}

# Each variant reads its own /proc/self/maps; the thread id the C library
# keeps is the variant's own, compared as the leader's.
self_maps() {
	compare "$1" "$TEST_BIN/selfmaps"
	expect_content "$T/native/out" $'stack found\nmain found\naffinity of my thread id: ok\nmy thread\'s CPU clock: ok\n' "native stdout (test fixture)"
}

# asyncio registers descriptors with epoll, with stack garbage in the high
# half of the data and an uninitialised event for EPOLL_CTL_DEL.
PY_ASYNCIO='
import asyncio
async def handle(r, w):
    w.write((await r.read(100)).upper())
    await w.drain()
    w.close()
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    for i in range(3):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"hello %d" % i)
        await w.drain()
        print((await r.read(100)).decode())
        w.close()
    srv.close()
    await srv.wait_closed()
    print(await asyncio.sleep(0.01, result="slept"))
asyncio.run(main())
'
python_asyncio() {
	compare "$1" "$PY" -I -c "$PY_ASYNCIO"
	expect_content "$T/native/out" $'HELLO 0\nHELLO 1\nHELLO 2\nslept\n' "native stdout (test fixture)"
}

# A pseudo-terminal: script(1) opens /dev/ptmx, gets the terminal's other
# end with ioctl(TIOCGPTPEER), a new descriptor, and runs the command on it
# in a session of its own.
pty_script() {
	compare "$1" script -qc "test -t 1 && echo stdout is a tty" /dev/null
	grep -q "stdout is a tty" "$T/native/out" ||
		bad "native script output (test fixture): $(head -c 200 "$T/native/out")"
}

# SQLite takes fcntl record locks on its file, with a struct flock whose
# padding and l_pid it leaves unset (other in each variant).
PY_SQLITE='
import sqlite3
c = sqlite3.connect("t.db")
c.execute("create table t(a)")
c.executemany("insert into t values (?)", [(i,) for i in range(100)])
c.commit()
print(c.execute("select sum(a) from t").fetchone()[0])
c.close()
'

for n in 2 3; do
	t "echo n=$n" compare $n echo hello from mvx
	t "cat 1 MiB file n=$n" compare $n cat big.bin
	t "cp 1 MiB file n=$n" compare $n cp big.bin copy.bin
	t "sort n=$n" compare $n sort lines.txt
	t "sort -o file n=$n" compare $n sort -k2,2 -k1,1n -o sorted.txt lines.txt
	STDIN=$FIX/lines.txt t "sort -rn stdin n=$n" compare $n sort -rn
	t "sha256sum n=$n" compare $n sha256sum lines.txt big.bin input.txt
	t "ls -l /usr/bin n=$n" compare $n ls -l /usr/bin
	t "wc n=$n" compare $n wc lines.txt big.bin
	t "grep (stack probing with mincore) n=$n" compare $n grep -c a lines.txt
	t "awk n=$n" compare $n awk "{ s += length(\$0) } END { print s }" lines.txt
	t "find n=$n" compare $n find . -name "*.txt"
	STDIN=$FIX/lines.txt t "wc stdin n=$n" compare $n wc
	t "gzip -c n=$n" compare $n gzip -c lines.txt
	t "gzip -k file n=$n" compare $n gzip -k -9 lines.txt
	t "gunzip -c n=$n" compare $n gunzip -c lines.txt.gz
	STDIN=$FIX/big.bin t "gzip -c stdin n=$n" compare $n gzip -c
	t "tar cf n=$n" compare $n tar cf out.tar lines.txt input.txt
	t "cat missing file (status 1, stderr) n=$n" compare $n cat input.txt no-such-file
	t "exit status 3 n=$n" compare $n "$TEST_BIN/status" exit 3
	t "hostile lengths and pointers n=$n" compare $n "$TEST_BIN/hostile"
	t "epoll with pointers as data (ADD, MOD, DEL) n=$n" epoll_pointers $n
	t "own stack in /proc/self/maps, own thread id to sched_getaffinity n=$n" self_maps $n
	t "python asyncio server and clients (epoll) n=$n" python_asyncio $n
	t "script -c on a pseudo-terminal (TIOCGPTPEER) n=$n" pty_script $n
	t "sqlite database in a file (fcntl record locks) n=$n" compare $n "$PY" -c "$PY_SQLITE"
	t "ln -sf and ln -f over existing names (made under temporary names) n=$n" \
		compare $n sh -c 'ln -s input.txt l && ln -sf lines.txt l && readlink l &&
			ln input.txt h && ln -f lines.txt h && cmp h lines.txt && echo same'
done

# Death by a signal: the status is 128+S, as from a shell; stdout is the
# native one.  mvx may say why on stderr, but only in lines of its own.
killed_by_signal() {
	native "$T/native" /dev/null "$TEST_BIN/status" segv
	expect_status "$ST" 139 "native status segv (test fixture)"
	mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/status" segv
	expect_status "$ST" 139 "mvx -n $1 status segv"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_only_mvx_lines "$T/mvx/err"
}
t "killed by SIGSEGV: status 139 n=2" killed_by_signal 2
t "killed by SIGSEGV: status 139 n=3" killed_by_signal 3

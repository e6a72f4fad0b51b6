# scripts/deps: a no-op when everything is installed; as a user other than
# root, names what is missing and stops (never calls apt-get).

# deps_run LIST-CONTENT: runs a copy of scripts/deps (build) whose build.list
# holds LIST-CONTENT, as an unprivileged user; output in $T/out, $T/err.
deps_run() {
	mkdir -p "$T/scripts/deps.d"
	cp "$root/scripts/deps" "$T/scripts/deps"
	printf '%s\n' "$1" >"$T/scripts/deps.d/build.list"
	chmod -R a+rX "$T"
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env -u MVX_SKIP_DEPS "$T/scripts/deps" build >"$T/out" 2>"$T/err"
	else
		env -u MVX_SKIP_DEPS "$T/scripts/deps" build >"$T/out" 2>"$T/err"
	fi
	ST=$?
}

deps_missing() {
	deps_run $'# a comment\nbash  # trailing comment\nmvx-no-such-package\ncoreutils mvx-no-such-package-2'
	expect_status "$ST" 1 "scripts/deps with missing packages"
	expect_empty "$T/out" "stdout"
	expect_content "$T/err" "mvx: missing Debian packages: mvx-no-such-package mvx-no-such-package-2; run: sudo apt-get install mvx-no-such-package mvx-no-such-package-2"$'\n' "stderr"
}

deps_present() {
	deps_run $'bash\ncoreutils\n# only installed packages'
	expect_status "$ST" 0 "scripts/deps with everything installed"
	expect_empty "$T/out" "stdout"
	expect_empty "$T/err" "stderr"
}

t "scripts/deps: missing packages, not root -> names them, status 1" deps_missing
t "scripts/deps: everything installed -> silent, status 0" deps_present

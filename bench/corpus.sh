#!/bin/sh
# corpus.sh NAME OUT [LINUXDIR]: write one uncompressed benchmark corpus to OUT, built the same way
# on every run from files every Debian machine has (sorted file lists, fixed tar metadata, fixed
# seeds). NAME: vmlinux | text | include | libs | log | random. Each is capped at CAP bytes.
set -eu
name=${1:?usage: corpus.sh NAME OUT [LINUXDIR]}
out=${2:?usage: corpus.sh NAME OUT [LINUXDIR]}
linux=${3:-build/linux}
MiB=1048576
TAR="tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu"
export LC_ALL=C
case $name in
vmlinux) # Debian's cloud kernel, the ELF the loader inflates (52 MB)
	cat "$linux/vmlinux-cloud-amd64" > "$out.tmp" ;;
text) # plain-text documentation
	find /usr/share/doc -type f \( -name copyright -o -name '*.txt' -o -name 'README*' -o -name '*.md' \) \
		! -name '*.gz' -print0 | sort -z | xargs -0 cat | head -c $((48 * MiB)) > "$out.tmp" ;;
include) # C headers
	$TAR -C /usr -cf - include | head -c $((48 * MiB)) > "$out.tmp" ;;
libs) # shared libraries (machine code and data), in name order
	(cd /usr/lib/x86_64-linux-gnu && find . -maxdepth 1 -type f -name 'lib*.so*' | sort |
		$TAR -cf - -T -) | head -c $((48 * MiB)) > "$out.tmp" ;;
log) # a repetitive service log: few templates, counters, fixed seed
	python3 - "$out.tmp" <<'PY'
import random, sys
r = random.Random(1952)
hosts = ["web01", "web02", "db01", "cache03"]
tmpl = ["systemd[1]: Started Session {n} of user {u}.",
        "sshd[{p}]: Accepted publickey for {u} from 10.0.{a}.{b} port {q} ssh2",
        "kernel: [{t:.6f}] eth0: link up, 1000 Mbps, full duplex",
        "nginx[{p}]: 10.0.{a}.{b} - - \"GET /api/v1/items/{n} HTTP/1.1\" 200 {q}",
        "CRON[{p}]: ({u}) CMD (/usr/local/bin/backup --incremental)",
        "postgres[{p}]: LOG:  duration: {t:.3f} ms  statement: SELECT * FROM items WHERE id = {n}"]
users = ["root", "alice", "bob", "deploy"]
out, size, t, cap = [], 0, 0.0, 32 << 20
while size < cap:
    t += r.random() * 0.05
    s = "Nov %2d %02d:%02d:%02d %s %s\n" % (1 + int(t / 86400) % 30, int(t / 3600) % 24,
        int(t / 60) % 60, int(t) % 60, r.choice(hosts), r.choice(tmpl).format(
        n=r.randrange(100000), u=r.choice(users), p=r.randrange(300, 40000), a=r.randrange(256),
        b=r.randrange(256), q=r.randrange(1024, 65536), t=t))
    out.append(s)
    size += len(s)
open(sys.argv[1], "w").write("".join(out)[:cap])
PY
	;;
random) # incompressible bytes from a fixed seed
	python3 -c 'import random, sys; sys.stdout.buffer.write(random.Random(1951).randbytes(32 << 20))' > "$out.tmp" ;;
*)
	echo "corpus.sh: unknown corpus $name" >&2; exit 1 ;;
esac
# Pipelines end in head (tar gets SIGPIPE by design): an empty result means a step failed.
if [ ! -s "$out.tmp" ]; then
	rm -f "$out.tmp"; echo "corpus.sh: $name: nothing produced" >&2; exit 1
fi
mv "$out.tmp" "$out"

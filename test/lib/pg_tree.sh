#!/usr/bin/env bash
# A private copy of PostgreSQL 15's installation, for a build of the
# extension that must not replace the system one (the sanitizer build of
# test/fuzz, work in parallel checkouts).  PostgreSQL finds its share and
# lib directories relative to its binaries, so a copy of the two trees
# under another prefix is a complete installation.
#
#   bash test/lib/pg_tree.sh DIR      make DIR (once); print its pg_config
#
# Then: make PG_CONFIG=DIR/usr/lib/postgresql/15/bin/pg_config install,
# and initdb/postgres/pg_ctl from DIR/usr/lib/postgresql/15/bin.
set -euo pipefail
dir=${1:?usage: pg_tree.sh DIR}
src_lib=/usr/lib/postgresql/15
src_share=/usr/share/postgresql/15
if [ ! -x "$dir/usr/lib/postgresql/15/bin/postgres" ]; then
  mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql"
  cp -a "$src_lib" "$dir/usr/lib/postgresql/"
  cp -a "$src_share" "$dir/usr/share/postgresql/"
  # the server headers stay where Debian put them (PGXS asks pg_config)
  ln -sfn /usr/include "$dir/usr/include"
  chmod 755 "$dir"
fi
echo "$dir/usr/lib/postgresql/15/bin/pg_config"

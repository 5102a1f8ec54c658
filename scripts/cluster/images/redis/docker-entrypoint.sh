#!/bin/sh
# Entrypoint of the locally built redis and valkey images, with the behaviour of the official images':
# - the server is valkey-server where the image has one (valkey/valkey), else redis-server; both names start it
#   (the valkey image links redis-server to valkey-server, as the official one does);
# - a first argument that is an option or a .conf file means "<server> <args>";
# - started as root for the server: give /data to uid 999 (redis, or valkey) and drop to it;
# - umask 0077 unless one was set;
# - without a config file that sets protected-mode, add `--protected-mode no` (a container is reached from other
#   hosts, and the server would otherwise refuse them; the official images compile that default in instead).
set -e

server=redis-server
if command -v valkey-server >/dev/null 2>&1; then
	server=valkey-server
fi

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- "$server" "$@"
fi

case "$1" in
	redis-server | valkey-server) isServer=1 ;;
	*) isServer= ;;
esac

if [ "$isServer" ] && [ "$(id -u)" = '0' ]; then
	find . \! -user 999 -exec chown 999 '{}' +
	exec /usr/bin/setpriv --reuid=999 --regid=999 --clear-groups "$0" "$@"
fi

um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi

if [ "$isServer" ]; then
	doProtectedMode=1
	configFile=
	if [ -f "$2" ]; then
		configFile="$2"
		if grep -q '^protected-mode' "$configFile"; then
			doProtectedMode=
		fi
	fi
	if [ "$doProtectedMode" ]; then
		command="$1"
		shift # the server
		if [ "$configFile" ]; then
			shift
		fi
		set -- --protected-mode no "$@"
		if [ "$configFile" ]; then
			set -- "$configFile" "$@"
		fi
		set -- "$command" "$@"
	fi
fi

exec "$@"

#!/bin/sh
# Entrypoint of the locally built redis image, with the behaviour of the official image's:
# - a first argument that is an option or a .conf file means "redis-server <args>";
# - started as root for redis-server: give /data to the redis user (999) and drop to it;
# - umask 0077 unless one was set;
# - without a config file that sets protected-mode, add `--protected-mode no` (a container is reached
#   from other hosts, and Redis would otherwise refuse them).
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec /usr/bin/setpriv --reuid=999 --regid=999 --clear-groups "$0" "$@"
fi

um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi

if [ "$1" = 'redis-server' ]; then
	doProtectedMode=1
	configFile=
	if [ -f "$2" ]; then
		configFile="$2"
		if grep -q '^protected-mode' "$configFile"; then
			doProtectedMode=
		fi
	fi
	if [ "$doProtectedMode" ]; then
		shift # redis-server
		if [ "$configFile" ]; then
			shift
		fi
		set -- --protected-mode no "$@"
		if [ "$configFile" ]; then
			set -- "$configFile" "$@"
		fi
		set -- redis-server "$@"
	fi
fi

exec "$@"

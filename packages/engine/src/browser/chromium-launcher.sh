#!/bin/sh
# Starts the Chromium named by RETRACE_CHROMIUM_EXECUTABLE with the given arguments, merging repeated
# --disable-features= and --enable-features= switches into one each (in order). Chromium keeps only the last
# occurrence of a switch, so without this our --disable-features would silently replace Playwright's own list.
# POSIX sh only: the arguments are rebuilt in place with `set --`.
real=${RETRACE_CHROMIUM_EXECUTABLE:?RETRACE_CHROMIUM_EXECUTABLE must name the Chromium executable}
unset RETRACE_CHROMIUM_EXECUTABLE
disable=''
enable=''
count=$#
while [ "$count" -gt 0 ]; do
  arg=$1
  shift
  count=$((count - 1))
  case $arg in
    --disable-features=*) disable=${disable:+$disable,}${arg#--disable-features=} ;;
    --enable-features=*) enable=${enable:+$enable,}${arg#--enable-features=} ;;
    *) set -- "$@" "$arg" ;;
  esac
done
if [ -n "$disable" ]; then set -- "$@" "--disable-features=$disable"; fi
if [ -n "$enable" ]; then set -- "$@" "--enable-features=$enable"; fi
exec "$real" "$@"

#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (http/browser_test.go),
# which drive it headless with chromedp. Does nothing when a Chromium is
# already on PATH. The browser tests skip with a message when Chromium is
# missing, so a failure here is reported but does not stop the build.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-chromium: not root or no apt-get: install Chromium yourself to run the browser tests" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }; then
	echo "install-chromium: apt-get install chromium failed; the browser tests will be skipped" >&2
fi
exit 0

#!/bin/sh
# check-po.sh SRCROOT: po/ko.po compiles and is complete: every translatable
# string of the current code is translated, none fuzzy.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgfmt --check --statistics -o /dev/null "$src/po/ko.po" 2>"$tmp/stats" || { cat "$tmp/stats"; exit 1; }
cat "$tmp/stats"
if grep -Eq 'untranslated|fuzzy' "$tmp/stats"; then
  echo "po/ko.po is incomplete" >&2
  exit 1
fi

# Every file with translatable strings is in POTFILES.in; a file left out
# would pass this check with its strings untranslated.
missing=$(cd "$src" && grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext) ?\(' \
            app/*.c app/*/*.c server/*.c 2>/dev/null | while read -r f; do
            grep -qx "$f" po/POTFILES.in || echo "$f"; done)
missing_blp=$(cd "$src" && grep -l '_("' ui/*.blp ui/*/*.blp 2>/dev/null | while read -r f; do
                grep -qx "$f" po/POTFILES.in || echo "$f"; done)
if [ -n "$missing$missing_blp" ]; then
  echo "po/POTFILES.in lacks files with translatable strings:" $missing $missing_blp >&2
  exit 1
fi

# The template as the build makes it (meson's glib preset), from POTFILES.in.
grep -v '^#' "$src/po/POTFILES.in" | grep -v '^$' > "$tmp/files"
(cd "$src" && xgettext --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  -f "$tmp/files" -o "$tmp/heeyu.pot" 2>"$tmp/xgettext.log") || { cat "$tmp/xgettext.log"; exit 1; }

msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$src/po/ko.po" "$tmp/heeyu.pot"
msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>"$tmp/stats"
if grep -Eq 'untranslated|fuzzy' "$tmp/stats"; then
  echo "po/ko.po lacks strings of the code ($(cat "$tmp/stats")); run: meson compile -C build heeyu-update-po" >&2
  msgattrib --untranslated "$tmp/merged.po" | grep '^msgid' | head -20 >&2
  exit 1
fi

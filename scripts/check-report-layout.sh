#!/usr/bin/env bash
# Renders an evaluation report (report.html from wbc-eval) in headless Chromium at 1280 and 760 px
# wide, saves screenshots, and fails when anything is wider than the window: the page itself, a
# table wider than its scroll container, a cell whose content spills out, a chart, or a file name
# broken in the middle of a word instead of at a slash.
#
# Usage: scripts/check-report-layout.sh REPORT.html [OUT_DIR]
#   OUT_DIR (default: a folder next to the report) receives report-<width>.png (the whole page),
#   report-<width>-top.png and report-<width>-mistakes.png (the first misclassified-images table).
# Sample reports: mvn -B -ntp -q -o -pl wbc-eval test -Dtest=HtmlReportTest
#   writes wbc-eval/target/sample-reports/{multi-epoch,one-epoch}/report.html.
# Needs Chromium (Debian: apt-get install -y chromium); set CHROMIUM to use another binary.
# Not run in CI, which has no browser; HtmlReportTest checks the HTML and CSS this relies on.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "Usage: $0 REPORT.html [OUT_DIR]" >&2
    exit 2
fi
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="${2:-$(dirname "$report")/layout-check}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

chromium="${CHROMIUM:-}"
if [[ -z "$chromium" ]]; then
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then chromium="$c"; break; fi
    done
fi
if [[ -z "$chromium" ]]; then
    echo "No Chromium found: apt-get install -y chromium, or set CHROMIUM=/path/to/chrome" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Without the background-networking flags headless Chromium tries to reach Google and, where
# connections are refused, stalls; a fresh profile keeps runs independent. Scrollbars stay on for
# the probe, so the page must fit beside one as on a desktop; screenshots hide them.
browse() {
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}

# The probe: a copy of the report with a script that measures the laid-out page after loading and
# writes its findings into the DOM, which --dump-dom then prints.
probe="$work/probe.html"
cat > "$work/probe.js" <<'JS'
<script>
(function () {
  function describe(el) {
    var h = el.previousElementSibling;
    while (h && !/^H[1-3]$/.test(h.tagName)) { h = h.previousElementSibling; }
    return h ? h.textContent.trim().slice(0, 60) : el.tagName.toLowerCase();
  }
  function run() {
    var doc = document.documentElement, problems = [];
    var viewport = doc.clientWidth;
    if (doc.scrollWidth > viewport) {
      problems.push('page: ' + doc.scrollWidth + ' px wide in a ' + viewport + ' px window');
    }
    document.querySelectorAll('table').forEach(function (t) {
      var wrap = t.parentElement;
      if (!wrap.classList.contains('table-wrap')) {
        problems.push('table under "' + describe(t) + '" is not in a .table-wrap scroll container');
      } else if (wrap.scrollWidth > wrap.clientWidth + 1) {
        problems.push('table under "' + describe(wrap) + '": ' + wrap.scrollWidth + ' px wide in a '
            + wrap.clientWidth + ' px container (it would need sideways scrolling)');
      }
      if (t.getBoundingClientRect().right > viewport + 0.5 && wrap.scrollWidth <= wrap.clientWidth + 1) {
        problems.push('table under "' + describe(wrap) + '" ends past the window');
      }
    });
    document.querySelectorAll('td, th').forEach(function (c) {
      if (c.scrollWidth > c.clientWidth + 1) {
        problems.push('cell "' + c.textContent.trim().slice(0, 40) + '" spills out: ' + c.scrollWidth + ' px in '
            + c.clientWidth + ' px');
      }
    });
    // A file name may wrap only at a slash (<wbr>): each run of text between them must stay on one line.
    var files = 0;
    document.querySelectorAll('td.file code').forEach(function (code) {
      files++;
      code.childNodes.forEach(function (n) {
        if (n.nodeType !== 3 || !n.textContent.trim()) { return; }
        var r = document.createRange();
        r.selectNodeContents(n);
        if (r.getClientRects().length > 1) {
          problems.push('file name broken mid-word: "' + n.textContent + '" in "' + code.textContent + '" ('
              + Math.round(code.parentElement.getBoundingClientRect().width) + ' px column)');
        }
      });
    });
    document.querySelectorAll('img, figure, pre, h1, h2, h3, p, li, dd').forEach(function (e) {
      if (e.getBoundingClientRect().right > viewport + 0.5 && !e.closest('.table-wrap')) {
        problems.push(e.tagName.toLowerCase() + ' "' + (e.alt || e.textContent || '').trim().slice(0, 40)
            + '" ends at ' + Math.round(e.getBoundingClientRect().right) + ' px, past the window');
      }
    });
    var mistakes = document.querySelector('h3[id^="mistakes-"]');
    var result = document.createElement('pre');
    result.id = 'layout-check';
    // the markers are split so that the script's own text never matches the grep below
    var mark = 'LAYOUT' + '-CHECK';
    result.textContent = mark + ' window=' + window.innerWidth + ' viewport=' + viewport
        + ' height=' + doc.scrollHeight + ' tables=' + document.querySelectorAll('table').length
        + ' files=' + files + ' mistakes-at=' + (mistakes ? Math.round(mistakes.getBoundingClientRect().top + window.scrollY) : -1)
        + ' problems=' + problems.length + '\n'
        + problems.map(function (p) { return 'PROB' + 'LEM ' + p; }).join('\n') + '\n' + mark + '-END';
    document.body.appendChild(result);
  }
  if (document.readyState === 'complete') { run(); } else { window.addEventListener('load', run); }
})();
</script>
JS
# the probe goes just before </body>, so it sees the whole page
awk -v probe="$work/probe.js" '/<\/body>/ { while ((getline line < probe) > 0) print line } { print }' "$report" > "$probe"

mistakes_page="$work/mistakes.html"
cat > "$work/mistakes.js" <<'JS'
<script>
(function () {
  var target = document.querySelector('h3[id^="mistakes-"]');
  if (!target) { return; }
  var keep = target;
  while (keep.parentElement !== document.body) { keep = keep.parentElement; }
  for (var e = document.body.firstElementChild; e && e !== keep; e = e.nextElementSibling) { e.style.display = 'none'; }
})();
</script>
JS
awk -v probe="$work/mistakes.js" '/<\/body>/ { while ((getline line < probe) > 0) print line } { print }' "$report" > "$mistakes_page"

status=0
for width in 1280 760; do
    dom="$work/dom-$width.html"
    browse --window-size="$width,1000" --run-all-compositor-stages-before-draw --virtual-time-budget=15000 \
        --dump-dom "file://$probe" > "$dom" || true
    summary="$(grep -o 'LAYOUT-CHECK window=[^<]*' "$dom" | head -1 || true)"
    if [[ -z "$summary" ]]; then
        echo "$width px: the probe wrote no result (did Chromium load $report?)" >&2
        status=1
        continue
    fi
    window="$(sed -E 's/.*window=([0-9]+).*/\1/' <<<"$summary")"
    height="$(sed -E 's/.*height=([0-9]+).*/\1/' <<<"$summary")"
    problems="$(sed -E 's/.*problems=([0-9]+).*/\1/' <<<"$summary")"
    mistakes_at="$(sed -E 's/.*mistakes-at=(-?[0-9]+).*/\1/' <<<"$summary")"
    if [[ "$window" != "$width" ]]; then
        echo "$width px: Chromium laid the page out $window px wide, not $width; cannot judge overflow" >&2
        status=1
    fi

    # Screenshots: the whole page (capped: Chromium refuses very tall windows), its top, and the mistakes table.
    shot_height=$(( height > 16000 ? 16000 : height ))
    browse --hide-scrollbars --run-all-compositor-stages-before-draw --virtual-time-budget=10000 --window-size="$width,$shot_height" --screenshot="$out/report-$width.png" "file://$report" >/dev/null || true
    browse --hide-scrollbars --run-all-compositor-stages-before-draw --virtual-time-budget=10000 --window-size="$width,1100" --screenshot="$out/report-$width-top.png" "file://$report" >/dev/null || true
    if [[ "$mistakes_at" -ge 0 ]]; then
        # Headless screenshots ignore #fragments: hide what comes before the first mistakes table instead.
        browse --hide-scrollbars --run-all-compositor-stages-before-draw --virtual-time-budget=10000 \
            --window-size="$width,1100" --screenshot="$out/report-$width-mistakes.png" "file://$mistakes_page" >/dev/null || true
    fi

    if [[ "$problems" != "0" ]]; then
        echo "$width px: OVERFLOW, $problems problem(s):" >&2
        grep -o 'PROBLEM [^<]*' "$dom" | sed 's/&quot;/"/g; s/&amp;/\&/g; s/^/  /' >&2
        status=1
    else
        echo "$width px: no horizontal overflow ($summary)"
    fi
done
echo "Screenshots: $out"
exit $status

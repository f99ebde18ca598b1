# The end of `make test`'s output, the part a CI page shows, from the suites' logs (build/<suite>.log): the failed
# tests, one line each with the error's message run into one line (at most 400 characters); for each suite in
# `failed` (awk -v failed="suite ...") whose log names no failed test (an install or a compile step failed), the end of
# its log; the failed suites; and last the total, "N passed, N failed". Reads dotnet test's console logger (verbosity
# normal) and node --test's TAP.
function report(text, file) {
    gsub(/[ \t]+/, " ", text)
    sub(/ $/, "", text)
    if (!shown++) print "failed tests:"
    print "  " substr(text, 1, 400)
    named[file]++
}
function trimmed(line) { sub(/^[ \t]+/, "", line); return line }
# What a log left unfinished is reported for that log, before the next one begins.
function flush(file) {
    if (dotnet != "") report(dotnet message, file)
    if (node != "") report(node message, file)
    if (crash != "") report(crash, file)
    dotnet = node = crash = ""; inmessage = block = reason = 0
}
FNR == 1 { if (NR > 1) flush(previous); previous = FILENAME; files[++count] = FILENAME }
{ tail[FILENAME, FNR % 5] = $0; lines[FILENAME] = FNR }

# The totals: dotnet's per-project counts (a crashed test host's run counts as one failure), node's TAP counts.
/^ +Passed: [0-9]+$/ { passed += $2 }
/^ +Failed: [0-9]+$/ { failures += $2 }
/^Test Run Aborted\.$/ { failures += 1 }
/^# pass [0-9]+$/ { passed += $3 }
/^# fail [0-9]+$/ { failures += $3 }

# dotnet: "  Failed <name> [12 ms]", then "  Error Message:", the message's lines, and "  Stack Trace:".
/^ +Failed [^ :]/ { if (dotnet != "") report(dotnet message, FILENAME); dotnet = trimmed($0); sub(/^Failed /, "", dotnet); sub(/ \[[^]]*\]$/, "", dotnet); message = ""; inmessage = 0; next }
dotnet != "" && /^ +Error Message:/ { inmessage = 1; message = ":"; next }
dotnet != "" && inmessage && /^ +Stack Trace:/ { report(dotnet message, FILENAME); dotnet = ""; inmessage = 0; next }
dotnet != "" && inmessage { message = message " " trimmed($0); next }

# A test host that crashed names no test: the line after says why, and the first frame of our own code in the stack
# below says where.
/^The active test run was aborted/ { crash = "test host crashed"; reason = 1; next }
crash != "" && reason && /[^ \t]/ { crash = crash ": " trimmed($0); reason = 0; next }
crash != "" && !reason && /^ +at / && !/^ +at (System|Microsoft|Xunit|Internal)\./ { report(crash " (" trimmed($0) ")", FILENAME); crash = ""; next }
crash != "" && !reason && !/^ +at / { report(crash, FILENAME); crash = ""; next }

# node --test (TAP): "not ok 3 - <name>", then a YAML block whose "error:" holds the message, inline or as a block
# scalar on the more indented lines after. A suite that failed only because a test in it did ("subtestsFailed") is not
# repeated, and a test marked TODO does not count as failed.
/^ *not ok [0-9]+ - / {
    if (node != "") report(node message, FILENAME)
    node = $0; sub(/^ *not ok [0-9]+ - /, "", node); message = ""; block = 0
    if (node ~ / # (TODO|SKIP)/) node = ""
    next
}
node != "" && /^ *failureType: 'subtestsFailed'/ { node = ""; next }
node != "" && /^ *error: [|>][-+]?$/ { block = match($0, /[^ ]/); message = ":"; next }
node != "" && block && /^ *[a-zA-Z_]+: / && match($0, /[^ ]/) <= block { report(node message, FILENAME); node = ""; next }
node != "" && block { message = message " " trimmed($0); next }
node != "" && /^ *error: / { line = $0; sub(/^ *error: /, "", line); report(node ": " line, FILENAME); node = ""; next }
node != "" && /^ *\.\.\.$/ { report(node message, FILENAME); node = ""; next }

END {
    if (NR > 0) flush(previous)
    suites = split(failed, failedSuites, " ")
    for (i = 1; i <= count; i++) {
        suite = files[i]; sub(/^.*\//, "", suite); sub(/\.log$/, "", suite)
        for (s = 1; s <= suites; s++) {
            if (failedSuites[s] != suite || named[files[i]]) continue
            print suite " failed with no test named; the end of " files[i] ":"
            for (n = lines[files[i]] - 4; n <= lines[files[i]]; n++) if (n > 0) print "    " tail[files[i], n % 5]
        }
    }
    if (suites > 0) print "failed suites:" failed
    printf "%d passed, %d failed\n", passed, failures
}

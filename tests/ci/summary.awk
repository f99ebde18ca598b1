# The failed tests in the suites' logs, one line each with the error's message run into one line (at most 400
# characters), for the end of `make test`'s output: the part a CI page shows. Reads dotnet test's console logger
# (verbosity normal) and node --test's TAP.
function report(text) {
    gsub(/[ \t]+/, " ", text)
    sub(/ $/, "", text)
    if (!shown++) print "failed tests:"
    print "  " substr(text, 1, 400)
}
function trimmed(line) { sub(/^[ \t]+/, "", line); return line }

# dotnet: "  Failed <name> [12 ms]", then "  Error Message:", the message's lines, and "  Stack Trace:".
/^ +Failed [^ :]/ { if (dotnet != "") report(dotnet message); dotnet = trimmed($0); sub(/^Failed /, "", dotnet); sub(/ \[[^]]*\]$/, "", dotnet); message = ""; inmessage = 0; next }
dotnet != "" && /^ +Error Message:/ { inmessage = 1; message = ":"; next }
dotnet != "" && inmessage && /^ +Stack Trace:/ { report(dotnet message); dotnet = ""; inmessage = 0; next }
dotnet != "" && inmessage { message = message " " trimmed($0); next }

# A test host that crashed names no test: the line after says why, and the first frame of our own code in the stack
# below says where.
/^The active test run was aborted/ { crash = "test host crashed"; reason = 1; next }
crash != "" && reason && /[^ \t]/ { crash = crash ": " trimmed($0); reason = 0; next }
crash != "" && !reason && /^ +at / && !/^ +at (System|Microsoft|Xunit|Internal)\./ { report(crash " (" trimmed($0) ")"); crash = ""; next }
crash != "" && !reason && !/^ +at / { report(crash); crash = ""; next }

# node --test (TAP): "not ok 3 - <name>", then a YAML block whose "error:" holds the message, inline or as a block
# scalar on the more indented lines after. A suite that failed only because a test in it did ("subtestsFailed") is not
# repeated, and a test marked TODO does not count as failed.
/^ *not ok [0-9]+ - / {
    if (node != "") report(node message)
    node = $0; sub(/^ *not ok [0-9]+ - /, "", node); message = ""; block = 0
    if (node ~ / # (TODO|SKIP)/) node = ""
    next
}
node != "" && /^ *failureType: 'subtestsFailed'/ { node = ""; next }
node != "" && /^ *error: [|>][-+]?$/ { block = match($0, /[^ ]/) ; message = ":"; next }
node != "" && block && /^ *[a-zA-Z_]+: / && match($0, /[^ ]/) <= block { report(node message); node = ""; next }
node != "" && block { message = message " " trimmed($0); next }
node != "" && /^ *error: / { line = $0; sub(/^ *error: /, "", line); report(node ": " line); node = ""; next }
node != "" && /^ *\.\.\.$/ { report(node message); node = ""; next }

END {
    if (dotnet != "") report(dotnet message)
    if (node != "") report(node message)
    if (crash != "") report(crash)
}

# The failed tests in the suites' logs, one line each with the first line of its error, for the end of `make test`'s
# output (the part a CI page shows). Reads dotnet test's console logger (verbosity normal) and node --test's TAP.
function report(text) {
    if (!shown++) print "failed tests:"
    print "  " substr(text, 1, 400)
}
# dotnet: "  Failed <name> [12 ms]", then "  Error Message:" and the message on the line after.
/^ +Failed [^ :]/ { dotnet = $0; sub(/^ +Failed /, "", dotnet); sub(/ \[[^]]*\]$/, "", dotnet); next }
dotnet != "" && /^ +Error Message:/ { message = 1; next }
dotnet != "" && message { line = $0; sub(/^ +/, "", line); report(dotnet ": " line); dotnet = ""; message = 0; next }
# A test host that crashed or a run that was aborted names no test; its own line says what happened.
/Test host process crashed|test run was aborted|Test Run Aborted/ { report($0); next }
# node --test (TAP): "not ok 3 - <name>", then a YAML block whose "error:" has the message, inline or as a block on
# the lines after; a suite that failed only because a test in it did ("subtestsFailed") is not repeated.
/^ *not ok [0-9]+ - / { node = $0; sub(/^ *not ok [0-9]+ - /, "", node); block = 0; next }
node != "" && /^ *failureType: 'subtestsFailed'/ { node = ""; next }
node != "" && /^ *error: [|>][-+]?$/ { block = 1; next }
node != "" && block && /[^ ]/ { line = $0; sub(/^ +/, "", line); report(node ": " line); node = ""; next }
node != "" && /^ *error: / { line = $0; sub(/^ *error: /, "", line); report(node ": " line); node = ""; next }
node != "" && /^ *\.\.\.$/ { report(node); node = ""; next }
END { if (dotnet != "") report(dotnet) }

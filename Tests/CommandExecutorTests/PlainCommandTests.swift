@testable import CommandExecutor
import Testing

/// Which shell commands the command executor may run without a shell.
@Suite struct PlainCommandTests {
    @Test(arguments: [
        ("true", ["true"]),
        ("sleep 300", ["sleep", "300"]),
        ("  python3   app.py\t--port=8080 ", ["python3", "app.py", "--port=8080"]),
        ("/usr/bin/env -u HOME ./run.sh a,b:c+d%e@f", ["/usr/bin/env", "-u", "HOME", "./run.sh", "a,b:c+d%e@f"]),
    ])
    func plainProgramCallsAreSplitIntoWords(command: String, words: [String]) {
        #expect(PlainCommand.words(command) == words)
    }

    @Test(arguments: [
        "", "   ", "exit 3", "echo hello", "cd /tmp", "kill -9 1", "FOO=1 env", "a=b",
        "ls *", "cat file?", "echo $HOME", "echo ${X}", "echo `id`", "echo 'quoted'", "echo \"quoted\"", "a\\ b",
        "true; false", "true && false", "a | b", "a > out", "a < in", "sleep 1 &", "(true)", "{ true; }",
        "~/bin/x", "# comment", "!true", "line1\nline2", "[ -f x ]", "x [abc]",
    ])
    func anythingTheShellWouldInterpretGoesToTheShell(command: String) {
        #expect(PlainCommand.words(command) == nil, "\(command)")
    }

    @Test func onlyRegularFilesRunDirectly() {
        #expect(PlainCommand.isRegularFile("/bin/sh"))
        #expect(!PlainCommand.isRegularFile("/tmp"))
        #expect(!PlainCommand.isRegularFile("/no/such/file"))
    }
}

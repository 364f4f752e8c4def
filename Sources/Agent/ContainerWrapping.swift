import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// A local account an executor runs as (`--switch-user`).
struct ContainerUser: Hashable, Sendable {
    var name: String
    var uid: uid_t
    var gid: gid_t

    /// Looks `name` up in the password database; a clear error when it has no account here.
    static func lookUp(_ name: String) throws(SystemError) -> ContainerUser {
        guard let entry = getpwnam(name) else {
            throw SystemError("user '\(name)' (the task's user) does not exist on this agent", code: ENOENT)
        }
        return ContainerUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }
}

/// How an executor's command line is wrapped for its container: `unshare` for a PID
/// namespace of its own (the executor is its pid 1 and sees only its container's
/// processes in a /proc of its own), `setpriv` to run it as the task's user.
enum ContainerWrapping {
    static let unshare = "/usr/bin/unshare"
    static let setpriv = "/usr/bin/setpriv"

    /// The request with its program run through the wrappers asked for (none: unchanged).
    static func wrap(_ request: SpawnRequest, pidNamespace: Bool, user: ContainerUser?) -> SpawnRequest {
        var wrapped = request
        var prefix: [String] = []
        if pidNamespace {
            // --kill-child: the container's pid 1 dies with unshare, so killing the pid the
            // agent knows kills the whole namespace.
            prefix += [Self.unshare, "--pid", "--fork", "--kill-child", "--mount-proc", "--"]
        }
        if let user {
            prefix += [Self.setpriv, "--reuid=\(user.uid)", "--regid=\(user.gid)", "--init-groups", "--"]
        }
        guard let program = prefix.first else { return request }
        wrapped.executable = program
        // argv[0] of the wrapped program is replaced by its path (the wrappers exec it).
        wrapped.arguments = prefix + [request.executable] + request.arguments.dropFirst()
        return wrapped
    }

    /// The user an executor runs as: the command's `user`, else the framework's; nil when
    /// the agent does not switch users (not root, `--switch-user=false`, or the same user).
    static func user(commandUser: String?, frameworkUser: String, switchUser: Bool, agentUID: uid_t) -> String? {
        guard switchUser, agentUID == 0 else { return nil }
        let name = (commandUser?.isEmpty == false ? commandUser : nil) ?? frameworkUser
        guard !name.isEmpty, name != "root" else { return nil }
        return name
    }
}

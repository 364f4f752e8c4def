import AgoraHTTP

#if canImport(Glibc)
import Glibc
#endif

/// A directory entry as Mesos's `/files/browse` describes it.
enum FileInfo {
    static func json(path: String, _ info: stat) -> JSONValue {
        .object([
            ("gid", .string(Self.groupName(info.st_gid))),
            ("mode", .string(Self.mode(info.st_mode))),
            ("mtime", .double(Double(info.st_mtim.tv_sec))),
            ("nlink", .int(Int64(info.st_nlink))),
            ("path", .string(path)),
            ("size", .int(Int64(info.st_size))),
            ("uid", .string(Self.userName(info.st_uid))),
        ])
    }

    /// `drwxr-xr-x`, as `ls -l` shows it.
    static func mode(_ mode: mode_t) -> String {
        let type: Character = switch mode & S_IFMT {
        case S_IFDIR: "d"
        case S_IFLNK: "l"
        case S_IFCHR: "c"
        case S_IFBLK: "b"
        case S_IFIFO: "p"
        case S_IFSOCK: "s"
        default: "-"
        }
        let bits: [(mode_t, Character)] = [
            (S_IRUSR, "r"), (S_IWUSR, "w"), (S_IXUSR, "x"), (S_IRGRP, "r"), (S_IWGRP, "w"), (S_IXGRP, "x"),
            (S_IROTH, "r"), (S_IWOTH, "w"), (S_IXOTH, "x"),
        ]
        return String(type) + String(bits.map { mode & $0.0 != 0 ? $0.1 : "-" })
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return String(gid) }
        return String(cString: name)
    }
}

/// Paths of apps, groups and jobs as the run-spec ACL actions see them: absolute, with no
/// trailing slash (`prod/web/` and `/prod/web` are one path).
public enum RunSpecPath {
    /// `path` made absolute, without a trailing slash; the root stays `/`.
    public static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return "/" + parts.joined(separator: "/")
    }

    /// The path and every group above it, nearest first: `/a/b` → `/a/b`, `/a`, `/`. A rule
    /// on any of them covers the path.
    static func selfAndAncestors(of path: String) -> [String] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var paths: [String] = []
        while !parts.isEmpty {
            paths.append("/" + parts.joined(separator: "/"))
            parts.removeLast()
        }
        paths.append("/")
        return paths
    }
}

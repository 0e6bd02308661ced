import Foundation

/// What `dti --version` says: this release, the commit it was built from, and the versions of
/// the C libraries it runs with (read from the libraries themselves, so an upgraded Debian
/// package shows).
public enum BuildInfo {
    public static let version = "0.13.0"

    /// The commit, from `share/dti/commit` beside the installed binary (`scripts/install`
    /// writes it); nil for a binary run from a checkout's build folder.
    public static func commit(executable: String = CommandLine.arguments[0]) -> String? {
        let binary = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        let file = binary.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/dti/commit")
        return (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The line `dti --version` prints, given the store's library and its version
    /// (`DTIStore.libraryVersion`).
    public static func description(store: String) -> String {
        let commit = commit().map { "commit \($0)" } ?? "built from a checkout"
        return "dti \(version) (\(commit)); \(store), libxlsxwriter \(libxlsxwriterVersion)"
    }
}

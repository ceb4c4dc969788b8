import Foundation

/// Who may touch a center's files: the one account that made it, or every account of a Unix group
/// (a center's server with one terminal per counter, `shubbak init --group shubbak`). Others never.
struct FileAccess {
    /// The group sharing the center, nil for one account.
    let group: gid_t?

    static let owner = FileAccess(group: nil)

    /// The access `config.toml`'s `group` names; a group this machine does not know is refused.
    static func of(groupNamed name: String?) throws(AppError) -> FileAccess {
        guard let name, !name.isEmpty else { return .owner }
        guard let entry = getgrnam(name) else {
            throw .invalid("there is no Unix group \(name) on this machine: create it (groupadd \(name)) or leave `group` out of config.toml")
        }
        return FileAccess(group: entry.pointee.gr_gid)
    }

    var fileMode: mode_t { group == nil ? 0o600 : 0o660 }
    /// Group directories are set-group-id: what any member creates in them belongs to the group.
    var directoryMode: mode_t { group == nil ? 0o700 : 0o2770 }
    /// The center's signing key: the group reads it (every counter signs), nobody else.
    var secretKeyMode: mode_t { group == nil ? 0o600 : 0o640 }

    /// New files of this process: SQLite's journal files, logs, bundles, spooled papers.
    func applyUmask() {
        umask(group == nil ? 0o077 : 0o007)
    }

    /// Gives `path` this access's mode and, for a group, the group.
    func apply(_ mode: mode_t, to path: String) throws(AppError) {
        if let group, chown(path, uid_t.max, group) != 0 {
            throw .io("cannot give \(path) to the center's group: \(String(cString: strerror(errno))) (run as root or as a member of the group)")
        }
        guard chmod(path, mode) == 0 else { throw .io("cannot set the mode of \(path): \(String(cString: strerror(errno)))") }
    }

    /// Refuses a center whose files every account of the machine can reach: a counter's data (national
    /// numbers, names) and its signing key are the center's alone. A directory closed to others keeps
    /// everything in it from them, whatever a file's own mode (an editor may write config.toml 0644);
    /// one open to them is refused.
    static func refuseOpenToOthers(directory path: String) throws(AppError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o7777
        if mode & 0o007 != 0 {
            throw .invalid("\(path) is open to every account on this machine (mode 0\(String(mode, radix: 8))): "
                           + "run `chmod o-rwx \(path)`; nothing was opened")
        }
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system steps for key and signature files, with errors that name the path.
enum SignifyFiles {
    /// Opens a regular file for reading. The open does not block (a FIFO in the inbox would otherwise
    /// hang every sync), and FIFOs, devices, sockets and folders are refused from fstat before any read.
    static func openForReading(_ url: URL) throws(SignifyError) -> FileHandle {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw .unreadable(path: url.path, reason: String(cString: strerror(errno))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(path: url.path, reason: reason)
        }
        if let kind = kindIfNotRegular(status.st_mode) {
            close(descriptor)
            throw .notRegularFile(path: url.path, kind: kind)
        }
        // Reads of a regular file never block; clearing the flag keeps FileHandle's reads ordinary.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// What a file is when it is not a regular file, in words; nil for a regular file.
    static func kindIfNotRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFDIR: "a folder"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        default: "not a file"
        }
    }

    /// The size fstat gives for an open file.
    static func size(of handle: FileHandle, path: String) throws(SignifyError) -> Int {
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        return Int(status.st_size)
    }

    /// Reads at most `limit` bytes and, unless told otherwise, refuses a longer file, so a wrong
    /// path to a huge file fails fast instead of filling memory.
    static func read(_ url: URL, limit: Int) throws(SignifyError) -> Data {
        let handle = try openForReading(url)
        defer { try? handle.close() }
        return try read(handle, limit: limit, path: url.path)
    }

    static func read(
        _ handle: FileHandle, limit: Int, path: String, refusingMore: Bool = true
    ) throws(SignifyError) -> Data {
        let data: Data
        do {
            data = try handle.read(upToCount: refusingMore ? limit + 1 : limit) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: reason(error))
        }
        guard data.count <= limit else { throw .tooLarge(limit: limit) }
        return data
    }

    static func mode(of url: URL) throws(SignifyError) -> UInt32 {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw .unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        return UInt32(status.st_mode)
    }

    /// Writes `contents` to a hidden temporary file created with `mode`, flushes it, then hard
    /// links it to `url`: link fails when `url` exists (no silent overwrite of a key), and the
    /// final name only ever shows a complete file. The directory is flushed so the name survives
    /// a crash.
    static func createAtomically(_ url: URL, contents: Data, mode: mode_t) throws(SignifyError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UInt32.random(in: .min ... .max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw unwritable(temporary) }
        defer { unlink(temporary.path) }
        do {
            defer { close(descriptor) }
            guard contents.withUnsafeBytes({ writeAll($0, to: descriptor) }) else { throw unwritable(temporary) }
            guard fsync(descriptor) == 0 else { throw unwritable(temporary) }
        }
        guard link(temporary.path, url.path) == 0 else {
            if errno == EEXIST { throw .fileExists(path: url.path) }
            throw unwritable(url)
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { throw unwritable(directory) }
        do {
            defer { close(directoryDescriptor) }
            guard fsync(directoryDescriptor) == 0 else { throw unwritable(directory) }
        }
    }

    /// Loops because write(2) may write less than asked; false with errno set on failure.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var written = 0
        while written < buffer.count {
            let count = write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    private static func unwritable(_ url: URL) -> SignifyError {
        .unwritable(path: url.path, reason: String(cString: strerror(errno)))
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

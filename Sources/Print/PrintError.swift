import Foundation

/// Why a print job could not be rendered or sent. Every case reads as a sentence for the operator's log
/// and names the file, printer or value at fault.
public enum PrintError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A template file is missing, is not valid JSON, or uses a placeholder, flag or block it may not.
    case template(file: String, reason: String)
    /// The values given cannot fill the job (a post envelope without its tracking number, …).
    case missingValue(String)
    /// zint refused the barcode's text.
    case barcode(value: String, reason: String)
    /// Cairo could not produce the PDF.
    case rendering(String)
    /// `lp` exited with an error; `message` is what it wrote to standard error.
    case printer(name: String, message: String)
    /// `lp` did not finish in time and was stopped.
    case printerTimeout(name: String, seconds: Int)
    /// The job could not be written into the spool folder.
    case spool(folder: String, reason: String)

    public var description: String {
        switch self {
        case .template(let file, let reason): "template \(file): \(reason)"
        case .missingValue(let what): "cannot print: \(what)"
        case .barcode(let value, let reason): "cannot make a barcode of \"\(value)\": \(reason)"
        case .rendering(let reason): "cannot render the PDF: \(reason)"
        case .printer(let name, let message): "printer \(name) refused the job: \(message)"
        case .printerTimeout(let name, let seconds): "printer \(name) did not accept the job within \(seconds) s"
        case .spool(let folder, let reason): "cannot write the job into the spool folder \(folder): \(reason)"
        }
    }
}

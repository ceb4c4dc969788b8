import Foundation
import GRDB
import ShubbakCore

// One decoder per table: every query of a table reads its rows through the same one.

/// The columns of a `request` row that a queue row and a stored request both carry, read one way.
private struct RequestColumns {
    let state: RequestState
    let speed: ServiceSpeed
    let holder: OperatorID?
    let leaseUntil: Date?
    let tracking: TrackingNumber?
    let pickupCode: PickupCode?
    let handedTo: OperatorID?
    let duplicateOf: RequestID?
    let dueAt: Date

    init?(_ row: Row) {
        guard let state = RequestState(rawValue: row["state"]), let speed = ServiceSpeed(rawValue: row["speed"]) else {
            return nil
        }
        self.state = state
        self.speed = speed
        holder = (row["holder"] as String?).map(OperatorID.init(stored:))
        leaseUntil = (row["lease_until"] as Int64?).map(StoreTransaction.date)
        tracking = (row["tracking"] as String?).flatMap { try? TrackingNumber($0) }
        pickupCode = (row["pickup_code"] as String?).flatMap { try? PickupCode($0) }
        handedTo = (row["handed_to"] as String?).map(OperatorID.init(stored:))
        duplicateOf = (row["duplicate_of"] as String?).flatMap { try? RequestID($0) }
        dueAt = StoreTransaction.date(row["due_at"])
    }
}

extension QueueRow {
    /// A queue line from a `request` row; nil for a row whose id, number or codes are not readable.
    init?(row: Row) {
        guard let id = try? RequestID(row["id"]), let number = try? NationalNumber(row["subject_no"]),
              let delivery = Delivery.Method(rawValue: row["delivery"]), let columns = RequestColumns(row) else { return nil }
        self.init(
            id: id, service: row["service"], speed: columns.speed, subjectName: row["subject_name"], subjectNo: number,
            delivery: delivery, governorate: row["governorate"], submittedAt: StoreTransaction.date(row["submitted_at"]),
            dueAt: columns.dueAt, state: columns.state, holder: columns.holder, leaseUntil: columns.leaseUntil,
            duplicateOf: columns.duplicateOf, handedTo: columns.handedTo, tracking: columns.tracking,
            pickupCode: columns.pickupCode, isFlood: (row["flood"] as Bool?) ?? false, hasNoRecord: (row["no_record"] as Bool?) ?? false)
    }
}

extension StoredRequest {
    /// A whole `request` row: the central office's record and the projection of its events.
    init(row: Row) throws {
        let record = try StoreTransaction.decode(RequestRecord.self, row["payload"])
        guard let columns = RequestColumns(row) else {
            throw StoreError.corrupt("request \(record.id) has an unknown state or speed")
        }
        let stamps: String = row["stamps"]
        var forwarding: Forwarding?
        if let issuer: String = row["issuer"], let reference: String = row["reference"],
           let expectedBy = (row["expected_by"] as String?).flatMap({ try? CivilDate($0) }) {
            forwarding = Forwarding(issuer: issuer, reference: reference, expectedBy: expectedBy)
        }
        let progress = RequestProgress(
            state: columns.state, holder: columns.holder, leaseUntil: columns.leaseUntil,
            appliedStamps: stamps.isEmpty ? [] : stamps.split(separator: ",").map(String.init),
            copies: row["copies"], tracking: columns.tracking, pickupCode: columns.pickupCode, manifest: row["manifest"],
            handedTo: columns.handedTo, forwarding: forwarding, readySince: (row["ready_since"] as Int64?).map(StoreTransaction.date))
        self.init(record: record, progress: progress, speed: columns.speed, dueAt: columns.dueAt,
                  duplicateOf: columns.duplicateOf, lastEvent: row["last_event"], isFlood: (row["flood"] as Bool?) ?? false)
    }
}

extension Stamp {
    init(row: Row) {
        self.init(code: row["code"], name: LocalizedText(ar: row["name_ar"], en: row["name_en"]))
    }
}

extension SignInPolicy.Account {
    /// An `operator` row; a role or password hash this version cannot read is a corrupt store.
    init(row: Row) throws {
        guard let role = Role(rawValue: row["role"]) else { throw StoreError.corrupt("operator \(row["id"] ?? "") has an unknown role") }
        let password: PasswordHash
        do { password = try PasswordHash(stored: row["password_hash"]) } catch {
            throw StoreError.corrupt("operator \(row["id"] ?? "") has an unreadable password hash")
        }
        let profile = Operator(id: OperatorID(stored: row["id"]), name: row["name"], role: role, disabled: row["disabled"])
        self.init(profile: profile, password: password, failedAttempts: row["failed_attempts"],
                  lockedUntil: (row["locked_until"] as Int64?).map(StoreTransaction.date))
    }
}

extension StoreTransaction.SessionEntry {
    /// An `operator_session` row; nil for a kind this version does not know.
    init?(row: Row) {
        guard let kind = SessionEventKind(rawValue: row["kind"]) else { return nil }
        self.init(operator: OperatorID(stored: row["operator"]), kind: kind, at: StoreTransaction.date(row["at"]),
                  detail: row["detail"])
    }
}

extension StoreTransaction.AppliedBundle {
    init(row: Row) {
        self.init(seq: row["seq"], sha256: row["sha256"], file: row["file"], records: row["records"], applied: row["applied"],
                  setAside: row["set_aside"], appliedAt: StoreTransaction.date(row["applied_at"]))
    }
}

extension StoreTransaction.OutboundBundle {
    init(row: Row) {
        self.init(seq: row["seq"], recipient: row["recipient"], file: row["file"], bytes: row["bytes"],
                  createdAt: StoreTransaction.date(row["created_at"]), lastEvent: row["last_event"], records: row["records"],
                  acked: row["acked"] as Bool)
    }
}

extension StoreTransaction.Problem {
    init(row: Row) {
        self.init(id: row["id"], sender: row["sender"], bundle: row["bundle"], line: row["line"], request: row["request"],
                  reason: row["reason"], at: StoreTransaction.date(row["at"]))
    }
}

extension StoreTransaction.QuarantinedFile {
    init(row: Row) {
        self.init(file: row["file"], reason: row["reason"], at: StoreTransaction.date(row["at"]))
    }
}

extension PostalReport {
    /// A `postal_report` row; nil for one this version cannot read.
    init?(row: Row) {
        guard let tracking = try? TrackingNumber(row["tracking"]), let kind = PostalReport.Kind(rawValue: row["event"]) else { return nil }
        self.init(tracking: tracking, event: kind, at: StoreTransaction.date(row["at"]), office: row["office"], reason: row["reason"])
    }
}

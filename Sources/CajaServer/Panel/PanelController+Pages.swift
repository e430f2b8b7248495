import CajaCore
import Foundation
import Hummingbird

extension PanelController {
    // MARK: - Inicio

    func home(_ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let day = PanamaTime.BusinessDay(containing: clock.now())
        let today = try await overview.documents(company: company, on: day)
        func signed(_ document: IssuedDocument) -> Money { document.docType == .invoice ? document.total : -document.total }
        var byPoint: [String: (Int, Money)] = [:]
        var perHour = Array(repeating: Money.zero, count: 24)
        for document in today {
            byPoint[document.point, default: (0, .zero)].0 += 1
            byPoint[document.point, default: (0, .zero)].1 += signed(document)
            perHour[PanelFormat.hour(document.issuedDate)] += signed(document)
        }
        let offline = today.filter { $0.emission == .contingency }.count
        let share = { (part: Int) in today.isEmpty ? "0 %" : "\(Int((Double(part) * 100 / Double(today.count)).rounded())) %" }
        let queue = try await overview.queueCounts(company: company)
        let view = HomeView(
            day: PanelFormat.day(day.start), count: today.count, total: PanelFormat.money(today.map(signed).sum()),
            points: byPoint.keys.sorted().map { HomeView.PointLine(point: $0, count: byPoint[$0]!.0, total: PanelFormat.money(byPoint[$0]!.1)) },
            onlineShare: share(today.count - offline), offlineShare: share(offline), offlineCount: offline,
            pending: queue[.pending, default: 0] + queue[.unsigned, default: 0], unsigned: queue[.unsigned, default: 0],
            expired: queue[.certificateExpired, default: 0], hasExpired: queue[.certificateExpired, default: 0] > 0, sent: queue[.sent, default: 0], rejected: queue[.rejected, default: 0],
            chart: PanelChart.salesPerHour(perHour),
            certificateWarning: CertificateWarning(notValidAfter: try await companies.certificateNotValidAfter(of: company), now: clock.now()))
        return renderer.html("home", try page("Inicio", "/panel", context, view))
    }

    // MARK: - Documentos

    func documentList(_ request: Request, _ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let query = request.uri.queryParameters
        func value(_ name: Substring) -> String { query[name].map(String.init) ?? "" }
        var error: String?
        var filter = DocumentFilter()
        do { filter = try DocumentController.filter(request) } catch let invalid as CajaError { error = invalid.detail }
        // `to` is inclusive in the form (the whole day), exclusive in the query.
        if let to = filter.to, value("to").count == 10 { filter.to = PanamaTime.BusinessDay(containing: to).end }
        let result = error == nil ? try await documents.list(company: company, filter: filter) : DocumentPage(items: [], next: nil)
        // Every point, deactivated ones too: their documents stay and can be filtered.
        let points = try await settings.points(of: try context.requireIdentity())
        func options(_ pairs: [(String, String)], _ selected: String) -> [DocumentsView.Option] {
            [DocumentsView.Option(value: "", label: "Todos", selected: selected.isEmpty)]
                + pairs.map { DocumentsView.Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        var base = URLComponents()
        base.queryItems = ["point", "type", "dgiStatus", "emission", "from", "to", "session"].compactMap { name in
            let text = value(Substring(name))
            return text.isEmpty ? nil : URLQueryItem(name: name, value: text)
        }
        let filters = base.percentEncodedQuery ?? ""
        let view = DocumentsView(
            from: value("from"), to: value("to"),
            points: options(points.map { ($0.code, $0.code) }, value("point")),
            types: options(DocumentType.allCases.map { ($0.rawValue, $0.spanishName) }, value("type")),
            statuses: options(DGIState.allCases.map { ($0.rawValue, $0.spanishName) }, value("dgiStatus")),
            emissions: options(Emission.allCases.map { ($0.rawValue, $0.spanishName) }, value("emission")),
            rows: result.items.map(DocumentRow.init), empty: result.items.isEmpty,
            nextURL: result.next.map { "/panel/documentos?" + (filters.isEmpty ? "" : filters + "&") + "after=\($0)" },
            csvURL: "/panel/documentos.csv" + (filters.isEmpty ? "" : "?" + filters), error: error)
        return renderer.html("documents", try page("Documentos", "/panel/documentos", context, view),
                             status: error == nil ? .ok : .badRequest)
    }

    /// The filtered list as CSV, streamed page by page (keyset), so a long export never holds
    /// the whole list in memory.
    func csv(_ request: Request, _ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        var filter: DocumentFilter
        do { filter = try DocumentController.filter(request) } catch let error as CajaError {
            return Response(status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: error.detail)))
        }
        if let to = filter.to, (request.uri.queryParameters["to"] ?? "").count == 10 { filter.to = PanamaTime.BusinessDay(containing: to).end }
        filter.limit = 500
        filter.after = nil
        let service = documents
        let start = filter
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "\u{FEFF}tipo,numero,punto,fecha,total,emision,estado_dgi,cufe,id\r\n"))
            var filter = start
            while true {
                let page = try await service.list(company: company, filter: filter)
                var chunk = ""
                for item in page.items {
                    let row = DocumentRow(item)
                    chunk += [item.type.rawValue, row.number, item.point, row.issuedAt, item.total.description, item.emission.rawValue,
                              item.dgiStatus.rawValue,
                              item.cufe, item.id.uuidString].map(PanelFormat.csvField).joined(separator: ",") + "\r\n"
                }
                try await writer.write(ByteBuffer(string: chunk))
                guard let next = page.next, let cursor = DocumentCursor(encoded: next) else { break }
                filter.after = cursor
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"documentos.csv\""], body: body)
    }

    func documentID(_ context: AppContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw CajaError.notFound("document") }
        return id
    }

    func documentDetail(_ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let record = try await documents.get(try documentID(context), company: company)
        let document = record.document
        let totals = document.totals
        var receiver = "Consumidor final"
        if case .taxpayer(let customer) = document.draft.receiver {
            receiver = "\(customer.name) — RUC \(customer.taxID.ruc) DV \(customer.taxID.dv)"
        }
        var session: SessionRow?
        if let id = record.offlineSessionID {
            session = try await overview.sessions(company: company, id: id).first.map(SessionRow.init)
        }
        let lines = document.draft.lines.map { line in
            let amounts = line.totals
            return DocumentView.Line(description: line.description, code: line.code ?? "", quantity: line.quantity.description,
                                     unitPrice: PanelFormat.money(line.unitPrice), rate: "\(line.rate.percent) %",
                                     net: PanelFormat.money(amounts.net), itbms: PanelFormat.money(amounts.itbms),
                                     total: PanelFormat.money(amounts.total))
        }
        var amounts = [DocumentView.Amount(label: "Neto", amount: PanelFormat.money(totals.net))]
        for rate in ITBMSRate.allCases where (totals.itbmsByRate[rate] ?? .zero) != .zero {
            amounts.append(.init(label: "ITBMS \(rate.percent) %", amount: PanelFormat.money(totals.itbmsByRate[rate] ?? .zero)))
        }
        amounts.append(.init(label: "Total", amount: PanelFormat.money(totals.total)))
        let dgi = record.submission
        let view = DocumentView(
            row: DocumentRow(record.summary), cufe: document.cufe.value, receiver: receiver, lines: lines, totals: amounts,
            payments: document.draft.payments.map { .init(label: $0.method.spanishName, amount: PanelFormat.money($0.amount)) },
            change: PanelFormat.money(totals.change), qrSVG: QRMatrix.svg(record.signed.qrURL), qrURL: record.signed.qrURL,
            dgiProtocol: dgi?.protocolNumber, dgiAuthorizedAt: dgi?.authorizedAt.flatMap(PanamaTime.parseDGITimestamp).map(PanelFormat.dateTime),
            dgiCode: dgi?.code, dgiMessage: dgi?.message, dgiAttempts: dgi?.attempts ?? 0, dgiLastError: dgi?.lastError,
            flags: record.flags.map(\.rawValue), session: session, references: document.draft.references.map(\.cufe),
            signed: record.isSigned)
        return renderer.html("document", try page("Documento \(view.row.number)", "/panel/documentos", context, view))
    }

    func documentXML(_ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let record = try await documents.get(try documentID(context), company: company)
        return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"\(record.document.cufe.value).xml\""],
                        body: .init(byteBuffer: ByteBuffer(string: try record.signedXML())))
    }

    // MARK: - Sesiones, numeración

    func sessions(_ context: AppContext) async throws -> Response {
        let rows = try await overview.sessions(company: try context.requireIdentity().companyID).map(SessionRow.init)
        return renderer.html("sessions", try page("Sesiones offline", "/panel/sesiones", context, SessionsView(sessions: rows, empty: rows.isEmpty)))
    }

    func numbering(_ context: AppContext) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let sequences = try await overview.sequences(company: company).map {
            NumberingView.SequenceRow(point: $0.point, type: $0.docType.spanishName, lastNumber: $0.lastNumber > 0 ? String($0.lastNumber) : "—")
        }
        let held = try await overview.blocks(company: company)
        // Unused numbers per device and type, and what they cover at the device's busiest pace.
        let unused = Dictionary(grouping: held) { "\($0.deviceId)|\($0.docType.rawValue)" }
            .mapValues { $0.reduce(Int64(0)) { $0 + $1.unused } }
        var covers: [String: String] = [:]
        for block in held where covers["\(block.deviceId)|\(block.docType.rawValue)"] == nil {
            let key = "\(block.deviceId)|\(block.docType.rawValue)"
            let device = try UUID(uuidString: block.deviceId).orThrow("device id")
            let sizing = try await numbering.sizing(company: company, device: device, type: block.docType)
            covers[key] = BlockSizing.coverageText(sizing.hoursCovered(by: unused[key] ?? 0))
        }
        let blocks = held.map { block in
            NumberingView.BlockRow(device: block.device, point: block.point, type: block.docType.spanishName,
                                   range: "\(block.firstNumber)–\(block.lastNumber)", used: block.used, size: block.size,
                                   percent: Int(Double(block.used) * 100 / Double(max(block.size, 1))),
                                   covers: covers["\(block.deviceId)|\(block.docType.rawValue)"] ?? "—")
        }
        let voided = try await overview.voidedRanges(company: company).map {
            NumberingView.VoidedRow(point: $0.point, type: $0.docType.spanishName, range: "\($0.firstNumber)–\($0.lastNumber)",
                                    reason: $0.reason, createdAt: PanelFormat.dateTime($0.created))
        }
        let conflicts = try await overview.conflicts(company: company).map { conflict, existing in
            NumberingView.ConflictRow(
                kind: conflict.kind == .conflict ? "Conflicto de número" : "Rechazado", code: conflict.code, message: conflict.message,
                where_: [conflict.point, conflict.docType?.spanishName, conflict.number.map { String($0) }]
                    .compactMap { $0 }.joined(separator: " · "),
                device: conflict.device ?? "—", receivedAt: PanelFormat.dateTime(conflict.received),
                incoming: Self.describe(payload: conflict.payloadJson),
                existing: existing.map { Self.describe($0.document) })
        }
        let view = NumberingView(sequences: sequences, blocks: blocks, voided: voided, conflicts: conflicts)
        return renderer.html("numbering", try page("Numeración", "/panel/numeracion", context, view))
    }

    static func describe(_ document: FiscalDocument) -> String {
        let lines = document.draft.lines.map { "\($0.quantity) × \($0.description)" }.joined(separator: ", ")
        return "CUFE \(document.cufe.value)\nEmitido \(PanelFormat.dateTime(document.issuance.issuedAt))\n\(lines)\nTotal \(PanelFormat.money(document.totals.total))"
    }

    static func describe(payload: String) -> String {
        guard let upload = try? StrictJSON.decoder.decode(SyncDocument.self, from: Data(payload.utf8)) else { return payload }
        let lines = upload.draft.lines.map { "\($0.quantity) × \($0.description)" }.joined(separator: ", ")
        return "CUFE \(upload.cufe)\nEmitido \(PanelFormat.dateTime(upload.issuance.issuedAt))\n\(lines)\nTotal \(PanelFormat.money(upload.total))"
    }

    // MARK: - Reportes Z

    func zList(_ context: AppContext) async throws -> Response {
        let reports = try await zReports.list(company: try context.requireIdentity().companyID, point: nil)
        let rows = reports.map {
            ZListView.Row(id: $0.id.uuidString, number: $0.number, point: $0.pointOfSale, day: Self.day($0.day), documents: $0.documentCount,
                          net: PanelFormat.money($0.netTotal), contingency: $0.contingency.count, late: $0.late.count, createdBy: $0.createdBy)
        }
        return renderer.html("zlist", try page("Reportes Z", "/panel/reportes-z", context, ZListView(rows: rows, empty: rows.isEmpty)))
    }

    func zDetail(_ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw CajaError.notFound("Reporte Z") }
        let report = try await zReports.get(id, company: try context.requireIdentity().companyID)
        let view = ZDetailView(
            number: report.number, point: report.pointOfSale, day: Self.day(report.day), createdAt: PanelFormat.dateTime(report.createdAt),
            createdBy: report.createdBy,
            byType: report.byType.map { .init(label: DocumentType(rawValue: $0.type)?.spanishName ?? $0.type, count: String($0.count), amount: PanelFormat.money($0.total),
                                              extra: "del \($0.firstNumber) al \($0.lastNumber) · ITBMS \(PanelFormat.money($0.itbms))") },
            byRate: report.byRate.map { .init(label: "ITBMS \($0.percent) %", count: "", amount: PanelFormat.money($0.itbms),
                                              extra: "neto \(PanelFormat.money($0.net))") },
            byPayment: report.byPayment.map { .init(label: Payment.Method(rawValue: $0.method)?.spanishName ?? $0.method, count: "", amount: PanelFormat.money($0.amount), extra: "") },
            change: PanelFormat.money(report.change), net: PanelFormat.money(report.netTotal),
            contingency: report.contingency.map(DocumentRow.init), late: report.late.map(DocumentRow.init))
        return renderer.html("zdetail", try page("Reporte Z \(report.number)", "/panel/reportes-z", context, view))
    }

    /// `AAAA-MM-DD` → `dd/mm/aaaa`.
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }

    // MARK: - Cola DGI

    func queue(_ request: Request, _ context: AppContext, notice: String?) async throws -> Response {
        let company = try context.requireIdentity().companyID
        let text = request.query("estado")
        let state = text.flatMap(DGIState.init(rawValue:))
        guard text == nil || state != nil else {
            throw CajaError.invalidRequest("estado debe ser " + DGIState.allCases.map(\.rawValue).spokenList("o"), field: "estado")
        }
        let counts = try await overview.queueCounts(company: company)
        let rows = try await overview.submissions(company: company, state: state).map { item in
            QueueView.Row(
                documentID: item.documentId, document: "\(item.docType.spanishName) \(String(format: "%010lld", item.number)) · punto \(item.point)",
                state: item.state.spanishName, stateClass: item.state.rawValue, attempts: item.attempts,
                detail: item.protocol.map { "Protocolo \($0)" }
                    ?? [item.resultCode, item.resultMessage, item.lastError].compactMap { $0 }.joined(separator: " — "),
                // A held one waits for a new certificate, not for a time.
                nextAttempt: item.state.isFinal || item.state == .certificateExpired ? "—" : PanelFormat.dateTime(item.nextAttempt),
                retryable: DocumentService.isRetryable(item.state, codes: Set((item.resultCode ?? "").split(separator: ",").map(String.init))))
        }
        let options = DGIState.allCases.map {
            DocumentsView.Option(value: $0.rawValue, label: "\($0.spanishName): \(counts[$0, default: 0])", selected: $0 == state)
        }
        let view = QueueView(counts: options, rows: rows, empty: rows.isEmpty, notice: notice)
        return renderer.html("queue", try page("Cola DGI", "/panel/cola-dgi", context, view))
    }

    func retry(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await PanelSession.form(request)
        try checkCSRF(form, context)
        let company = try context.requireIdentity().companyID
        let id = try documentID(context)
        let done = try await documents.resubmit(id, company: company)
        let notice = done ? "El documento volvió a la cola con una firma nueva." : "Este rechazo no se corrige reenviando: el documento mismo incumple la regla."
        return try await queue(request, context, notice: notice)
    }
}

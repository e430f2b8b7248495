import CajaCore
import Foundation
import Testing

/// O9: a Reporte Z adds up each document's contribution, stored in compact text beside the
/// document; the text must carry every figure the Z uses, exactly.
@Suite("Reporte Z contributions")
struct ZContributionTests {
    @Test("O9: a contribution written as text reads back equal, for every rate, several payments and change")
    func roundTrip() throws {
        let invoice = try Fixtures.offlineInvoice()
        let taxpayer = try Fixtures.onlineTaxpayerInvoice()
        for document in [invoice, taxpayer, try Fixtures.offlineGenericCreditNote(), try Fixtures.creditNote(referencing: taxpayer)] {
            let contribution = ZReport.Contribution(document: document)
            #expect(try ZReport.Contribution(encoded: contribution.encoded) == contribution)
        }
        let figures = ZReport.Contribution(document: invoice)
        #expect(figures.rates.count == 4)
        #expect(figures.total == invoice.totals.total)
        #expect(figures.change == invoice.totals.change)
        #expect(figures.contingency)
        #expect(ZReport.Contribution(document: taxpayer).payments.count == 2)
    }

    @Test("O9: a Z of contributions equals the sums of its documents, credit notes subtracted")
    func sums() throws {
        let invoice = try Fixtures.onlineTaxpayerInvoice()
        let note = try Fixtures.creditNote(referencing: invoice)
        let entries = [invoice, note].map { document in
            ZReport.Entry(contribution: ZReport.Contribution(document: document),
                          summary: DocumentSummary(id: document.id, type: document.draft.type, number: document.issuance.number.value,
                                                   point: document.issuance.pointOfSale.code, cufe: document.cufe.value, emission: .normal,
                                                   total: document.totals.total, issuedAt: "", dgiStatus: .pending),
                          late: false)
        }
        let z = ZReport(id: UUID(), number: 1, pointOfSale: "001", day: "2026-03-14", createdAt: Date(), createdBy: "test", entries: entries)
        #expect(z.netTotal == invoice.totals.total - note.totals.total)
        #expect(z.byRate.map(\.itbms).reduce(.zero, +) == invoice.totals.itbms - note.totals.itbms)
        #expect(z.byPayment.map(\.amount).reduce(.zero, +) - z.change == z.netTotal)
    }

    @Test("O9: running figures kept per bucket and added up, however the documents are grouped, give the Z of the documents one by one")
    func figuresInBuckets() throws {
        let taxpayer = try Fixtures.onlineTaxpayerInvoice()
        let documents = [try Fixtures.offlineInvoice(), taxpayer, try Fixtures.offlineGenericCreditNote(), try Fixtures.creditNote(referencing: taxpayer)]
        let contributions = documents.map(ZReport.Contribution.init(document:))
        let id = UUID()
        let at = Date(timeIntervalSince1970: 1_773_502_200)
        let oneByOne = ZReport(id: id, number: 3, pointOfSale: "001", day: "2026-03-14", createdAt: at, createdBy: "test",
                               entries: contributions.map { ZReport.Entry(contribution: $0, summary: nil, late: false) })
        for split in 0...contributions.count {
            var first = ZReport.Figures()
            var second = ZReport.Figures()
            for (index, contribution) in contributions.enumerated() {
                if index < split { first.add(contribution) } else { second.add(contribution) }
            }
            var both = ZReport.Figures()
            both.add(second)
            both.add(first)
            #expect(ZReport(id: id, number: 3, pointOfSale: "001", day: "2026-03-14", createdAt: at, createdBy: "test", figures: both,
                            contingency: [], late: []) == oneByOne)
        }
        let invoices = documents.filter { !$0.draft.type.isCreditNote }
        let invoiceLine = try #require(oneByOne.byType.first { $0.type == "01" })
        #expect(invoiceLine.count == invoices.count)
        #expect(invoiceLine.total == invoices.map(\.totals.total).sum())
        #expect(invoiceLine.firstNumber == invoices.map(\.issuance.number.value).min())
        #expect(invoiceLine.lastNumber == invoices.map(\.issuance.number.value).max())
        #expect(oneByOne.documentCount == documents.count)
        #expect(oneByOne.netTotal == documents.map { $0.draft.type.isCreditNote ? -$0.totals.total : $0.totals.total }.sum())
    }

    @Test("unreadable contribution text is refused, not read as zeros", arguments: ["", "07|1|0|1|2|3|4||", "01|1|x|1|2|3|4||", "01|1|0|1|2|3|4||cash:5", "01|1|0|1|2|3|4|", "01|x|0|1|2|3|4||01:5", "01|1|0|1|2|3|4|99:1:2|"])
    func unreadable(_ text: String) {
        #expect(throws: CajaError.self) { try ZReport.Contribution(encoded: text) }
    }
}

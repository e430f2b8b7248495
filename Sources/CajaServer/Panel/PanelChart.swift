import CajaCore
import Foundation

/// The "sales per hour" chart of Inicio as inline SVG, made on the server from numbers only
/// (no user text goes into it), so it needs no JavaScript and no escaping beyond numbers.
enum PanelChart {
    static func salesPerHour(_ totals: [Money]) -> String {
        let width = 720, height = 220, left = 56, bottom = 24, top = 12
        let plotHeight = height - bottom - top
        let barWidth = (width - left) / 24
        let maximum = max(totals.map(\.cents).max() ?? 0, 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" role="img" \
            aria-label="Ventas por hora de hoy">
            """
        for step in 0...4 {
            let y = top + plotHeight - plotHeight * step / 4
            let label = PanelFormat.money(Money(cents: maximum * Int64(step) / 4))
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width)\" y2=\"\(y)\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(y + 4)\" text-anchor=\"end\" class=\"axis\">\(label)</text>"
        }
        for (hour, total) in totals.enumerated() {
            let barHeight = Int(Double(plotHeight) * Double(total.cents) / Double(maximum))
            let x = left + hour * barWidth + 2
            let y = top + plotHeight - barHeight
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth - 4)\" height=\"\(barHeight)\" class=\"bar\">"
            svg += "<title>\(String(format: "%02d", hour)):00 — \(PanelFormat.money(total))</title></rect>"
            if hour % 3 == 0 {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\" class=\"axis\">\(String(format: "%02d", hour))h</text>"
            }
        }
        return svg + "</svg>"
    }
}

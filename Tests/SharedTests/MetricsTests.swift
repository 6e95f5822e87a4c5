import Foundation
import Testing

@testable import ServiceKit

@Suite("metrics exposition")
struct MetricsTests {
    @Test("a HELP line is added before each TYPE line without one; existing ones are kept")
    func helpLines() {
        let raw = """
            # TYPE outbox_backlog gauge
            outbox_backlog{service="x"} 0
            # HELP build_info Mine
            # TYPE build_info gauge
            build_info 1
            # TYPE made_up_total counter
            made_up_total 2
            """
        let text = String(decoding: MetricsSetup.withHelp(Array(raw.utf8)), as: UTF8.self)
        #expect(text.contains("# HELP outbox_backlog Outbox rows not yet published\n# TYPE outbox_backlog gauge"))
        #expect(text.contains("# HELP build_info Mine\n# TYPE build_info gauge"))
        #expect(!text.contains("# HELP build_info Homestudio"))
        #expect(text.contains("# HELP made_up_total Homestudio series made_up_total\n# TYPE made_up_total counter"))
    }

    @Test("the process's own figures are read from /proc/self")
    func processFigures() throws {
        let stat = try #require(ProcessMetrics.stat())
        #expect(stat.threads >= 1)
        #expect(stat.rss > 0)
        #expect(stat.vsize > stat.rss)
        #expect(try #require(ProcessMetrics.bootTime()) > 1_500_000_000)
    }
}

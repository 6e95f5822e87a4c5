import Foundation
import Prometheus
import Synchronization

/// The process's own series, read from `/proc/self` when Prometheus scrapes (Linux; elsewhere
/// they stay at zero): CPU seconds, resident and virtual memory, open and maximum file
/// descriptors, threads and start time — the names of Prometheus' client libraries.
final class ProcessMetrics: Sendable {
    let cpu: Counter
    /// CPU seconds already added to the counter (a counter only goes up: it gets the difference).
    private let counted = Mutex<Double>(0)
    let resident: Gauge
    let virtual: Gauge
    let openFDs: Gauge
    let maxFDs: Gauge
    let threads: Gauge
    let start: Gauge

    init(registry: PrometheusCollectorRegistry) {
        cpu = registry.makeCounter(
            descriptor: .named("process_cpu_seconds_total", help: "User and system CPU time spent, in seconds"))
        resident = registry.makeGauge(
            descriptor: .named("process_resident_memory_bytes", help: "Resident memory size in bytes"))
        virtual = registry.makeGauge(
            descriptor: .named("process_virtual_memory_bytes", help: "Virtual memory size in bytes"))
        openFDs = registry.makeGauge(descriptor: .named("process_open_fds", help: "Number of open file descriptors"))
        maxFDs = registry.makeGauge(
            descriptor: .named("process_max_fds", help: "Maximum number of open file descriptors"))
        threads = registry.makeGauge(descriptor: .named("process_threads", help: "Number of OS threads of the process"))
        start = registry.makeGauge(
            descriptor: .named(
                "process_start_time_seconds", help: "Start time of the process since the Unix epoch, in seconds"))
    }

    func update() {
        if let stat = Self.stat() {
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let total = (stat.utime + stat.stime) / ticks
            let delta = counted.withLock { seen in
                defer { seen = max(seen, total) }
                return max(0, total - seen)
            }
            cpu.increment(by: delta)
            threads.set(stat.threads)
            virtual.set(stat.vsize)
            resident.set(stat.rss * Double(sysconf(Int32(_SC_PAGESIZE))))
            if let boot = Self.bootTime() { start.set(boot + stat.startTicks / ticks) }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFDs.set(Double(entries.count))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxFDs.set(Double(limit.rlim_cur)) }
    }

    struct Stat {
        var utime, stime, threads, startTicks, vsize, rss: Double
    }

    /// `/proc/self/stat` (proc(5)): the fields after the command name, which may hold spaces.
    static func stat() -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: end)...].split(separator: " ").map { Double($0) ?? 0 }
        // fields[0] is field 3 (state); utime is field 14, stime 15, threads 20, starttime 22,
        // vsize 23, rss 24.
        guard fields.count > 21 else { return nil }
        return Stat(
            utime: fields[11], stime: fields[12], threads: fields[17], startTicks: fields[19], vsize: fields[20],
            rss: fields[21])
    }

    static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) }
    }
}

extension MetricNameDescriptor {
    /// A descriptor for a whole Prometheus name (`process_open_fds`) and its `# HELP` text.
    static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}

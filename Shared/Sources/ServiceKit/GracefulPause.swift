import ServiceLifecycle

/// The pause of a periodic job (reapers, digests, sync): it ends early when graceful shutdown
/// starts, so that a service stopping never waits out a job's interval.
public enum GracefulPause {
    public static func sleep(for duration: Duration) async {
        await cancelWhenGracefulShutdown { try? await Task.sleep(for: duration) }
    }
}

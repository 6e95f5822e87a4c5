import { Component, ErrorInfo, ReactNode } from "react";
import { ErrorMessage } from "../components/ErrorMessage";

interface State {
  error: unknown;
}

/** Never a blank page: a render error (or a chunk that failed to load) shows a message and a way out. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("page failed", error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <div className="page">
          <ErrorMessage error={this.state.error} onRetry={() => window.location.reload()} />
        </div>
      );
    }
    return this.props.children;
  }
}

import { AnchorHTMLAttributes, MouseEvent, forwardRef } from "react";
import { navigate } from "./navigation";
import { isClientRoute } from "./router";

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; replace?: boolean };

/** An <a> that routes on the client (a plain click), and behaves as a link otherwise (new tab, copy). */
export const Link = forwardRef<HTMLAnchorElement, Props>(function Link({ href, replace, onClick, ...rest }, ref) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== "_self") return;
    const url = new URL(href, window.location.href);
    if (!isClientRoute(url, window.location.origin)) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash, { replace });
  };
  return <a ref={ref} href={href} onClick={click} {...rest} />;
});

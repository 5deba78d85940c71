// What every page has, signed in or not: the platform's name, a title of the form 页面名 - 案例征集平台 and a skip link.
import { useEffect } from 'react';

export const SITE_NAME = '案例征集平台';

/** Sets the document title to 页面名 - 案例征集平台 while the page is shown. */
export function useDocumentTitle(name: string) {
  useEffect(() => {
    document.title = name ? `${name} - ${SITE_NAME}` : SITE_NAME;
  }, [name]);
}

/** A link that keyboard users meet first: it jumps past the header and menu to the page itself (WCAG 2.4.1). */
export function SkipLink() {
  return (
    <a className="anli-skip-link" href="#main">
      跳到正文
    </a>
  );
}

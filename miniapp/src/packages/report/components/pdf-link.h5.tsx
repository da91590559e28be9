import { API_BASE } from '../../../services/api-base';

/** In the browser the PDF is a plain link: the browser's own viewer opens it in a new tab. */
export function PdfLink({ path }: { path: string }) {
  return (
    <a className="btn btn-block pdf-link" href={`${API_BASE}${path}`} target="_blank" rel="noopener noreferrer" data-testid="report-pdf">
      下载PDF（张贴用）
    </a>
  );
}

import { useState } from 'react';
import { View } from '@tarojs/components';
import { Notice } from '../../../components/notice';
import { downloadFile } from '../../../utils/download.weapp';
import { a11y } from '../../../utils/a11y';

/** In the mini-program: download the PDF, then open it in the system document viewer. Errors stay inline. */
export function PdfLink({ path }: { path: string }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <View>
      <View
        className="btn btn-block pdf-link"
        data-testid="report-pdf"
        onClick={() => {
          if (busy) return;
          setBusy(true);
          setError('');
          downloadFile(path, { filename: 'report.pdf', fileType: 'pdf', auth: false })
            .catch(() => setError('PDF 没能打开，请稍后再试'))
            .finally(() => setBusy(false));
        }}
        {...a11y('button', { label: '下载PDF' })}
      >
        {busy ? '正在下载…' : '下载PDF（张贴用）'}
      </View>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </View>
  );
}

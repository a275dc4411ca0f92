// A step's screenshot with the acted element outlined (its box is in image pixels), enlargeable in a dialog.
import { useState } from 'react';
import type { HistoryElement } from '../../api/api-types.ts';
import { Dialog } from '../../ui/dialog.tsx';

type Box = NonNullable<HistoryElement['elementBox']>;

function Outlined({ url, box, alt }: { url: string; box: Box | null; alt: string }) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  return (
    <span className="shot-frame">
      <img
        src={url}
        alt={alt}
        loading="lazy"
        onLoad={(event) =>
          setSize({
            width: event.currentTarget.naturalWidth,
            height: event.currentTarget.naturalHeight,
          })
        }
      />
      {box && size && size.width > 0 && size.height > 0 && (
        <span
          className="shot-outline"
          data-testid="element-outline"
          aria-hidden="true"
          style={{
            left: `${(box.x / size.width) * 100}%`,
            top: `${(box.y / size.height) * 100}%`,
            width: `${(box.width / size.width) * 100}%`,
            height: `${(box.height / size.height) * 100}%`,
          }}
        />
      )}
    </span>
  );
}

export function ScreenshotView({
  url,
  box,
  label,
}: {
  url: string | null;
  box: Box | null;
  label: string;
}) {
  const [open, setOpen] = useState(false);
  if (!url) return <div className="shot shot-missing">No screenshot</div>;
  return (
    <>
      <button
        type="button"
        className="shot"
        onClick={() => setOpen(true)}
        aria-label={`Enlarge the screenshot of ${label}`}
      >
        <Outlined url={url} box={box} alt={`Screenshot after ${label}`} />
      </button>
      <Dialog open={open} title={label} onClose={() => setOpen(false)} wide>
        <Outlined url={url} box={box} alt={`Screenshot after ${label}, full size`} />
        <p className="small">
          <a href={url} target="_blank" rel="noopener noreferrer">
            Open the image
          </a>
        </p>
      </Dialog>
    </>
  );
}

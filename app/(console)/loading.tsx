// Shown while a console page renders on the server (navigation stays responsive meanwhile).
export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">Loading…</span>
      <div className="page-head">
        <div className="skeleton" style={{ width: 240 }}>
          <div className="skeleton-row" />
        </div>
      </div>
      <section className="card">
        <div className="skeleton">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      </section>
    </div>
  );
}

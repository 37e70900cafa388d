export function Forbidden({ need }: { need: string }) {
  return (
    <div className="card" role="alert" data-testid="forbidden">
      <h2>You don&apos;t have access to this page</h2>
      <p className="muted">It needs the {need} role. Ask an admin of this Shardwatch to change your role in Settings → Users.</p>
    </div>
  );
}

import css from "./status-public.module.css";

/** A plain form (works without JavaScript); the subscribers API sends a confirmation request first. */
export function SubscribeForm() {
  return (
    <div className={`${css.card} ${css.subscribe}`}>
      <p>
        Get a webhook call when a notice is published or updated. We first send a confirmation request to the address; nothing else is sent until it is
        confirmed.
      </p>
      <form method="post" action="/api/v1/status/subscribers">
        <div className={css.field}>
          <label htmlFor="subscribe-url">Webhook URL</label>
          <input id="subscribe-url" name="url" type="url" required placeholder="https://example.com/hooks/status" autoComplete="url" />
        </div>
        <button type="submit" className="btn btn-primary">
          Subscribe
        </button>
      </form>
    </div>
  );
}

// What an empty list says: what to do next, with the button that does it (never a blank table).
export function EmptyState({ message, action }: { message: string; action?: { label: string; run(): void } | undefined }) {
  return (
    <div className="card empty-state" role="status">
      <p>{message}</p>
      {action && (
        <button type="button" className="primary" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}

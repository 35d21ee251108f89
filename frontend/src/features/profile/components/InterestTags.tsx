export function InterestTags({ interests }: { interests: readonly string[] }) {
  if (interests.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Interests">
      {interests.map((interest) => (
        <li
          key={interest}
          className="rounded-full border border-border bg-surface-muted px-3 py-1 text-sm font-medium text-foreground"
        >
          {interest}
        </li>
      ))}
    </ul>
  );
}

// The API takes instants with an offset only (a local time is ambiguous), while n8n's date
// picker produces local date-times such as "2026-03-30T09:00:00". Those are read in the
// workflow's time zone, as n8n itself does for its own nodes.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** Minutes the zone is ahead of UTC at the given instant. */
function offsetMinutes(timeZone: string, at: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(at));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** A wall-clock time in a zone as an instant (two passes settle DST transitions). */
function zonedToUtc(fields: number[], timeZone: string): Date {
	const [year, month, day, hour, minute, second, ms] = fields;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	let guess = wall - offsetMinutes(timeZone, wall) * 60_000;
	guess = wall - offsetMinutes(timeZone, guess) * 60_000;
	return new Date(guess);
}

/**
 * A date-time parameter as the API wants it (ISO 8601 with an offset). Values with an offset
 * pass unchanged; local ones are read in the workflow's time zone.
 */
export function toApiInstant(
	this: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
): string {
	if (value instanceof Date) return value.toISOString();
	const text = String(value ?? '').trim();
	if (text === '') {
		throw new NodeOperationError(this.getNode(), `The parameter "${name}" is required`, {
			itemIndex,
		});
	}
	if (HAS_OFFSET.test(text)) return text;
	const match = LOCAL.exec(text);
	if (!match) {
		throw new NodeOperationError(this.getNode(), `The parameter "${name}" is not a date-time`, {
			description: `"${text}" is not ISO 8601. Example: 2026-03-30T09:00:00+02:00`,
			itemIndex,
		});
	}
	const fields = match.slice(1).map((part, index) => {
		if (index === 6) return Number((part ?? '0').padEnd(3, '0'));
		return Number(part ?? 0);
	});
	return zonedToUtc(fields, this.getTimezone()).toISOString();
}

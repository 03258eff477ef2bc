// Note fields as named in the node and their API names.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { commaList } from '../../shared/parameters';

export const noteFields: INodeProperties[] = [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '',
		description: 'The ID (UUID) of the event the note belongs to',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. telegram',
		description:
			'Where the note comes from (lower-case letters, digits and . _ : -). Not set: api.',
	},
	{
		displayName: 'Source Reference',
		name: 'sourceRef',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4711:42',
		description: 'The ID of the note in its source, e.g. a Telegram chat and message ID',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. idea, todo',
		description: 'Comma-separated',
	},
];

/** Node field names → API body fields, for those that are set. */
export function noteFieldsToApi(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.text !== undefined) body.text = fields.text;
	if (fields.tags !== undefined) body.tags = commaList(fields.tags);
	if (fields.source !== undefined) body.source = fields.source || null;
	if (fields.sourceRef !== undefined) body.source_ref = fields.sourceRef || null;
	if (fields.eventId !== undefined) body.event_id = String(fields.eventId).trim() || null;
	return body;
}

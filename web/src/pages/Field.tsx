import { FormField } from '../ui/form.tsx';

/** The login and security forms' field: the shared form field, under the name they use. */
export const Field = FormField;

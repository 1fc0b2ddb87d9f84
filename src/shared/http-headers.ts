// HTTP header names shared by the server and the client. (No zod here: the client's main bundle imports it.)

/**
 * Response header of a claim that leased an image task: the image's URL, percent-encoded whole
 * (encodeURIComponent). Why a header as well as `task.data.imageUrl`: the client can start the image
 * download as soon as the headers arrive, while a large body (thousands of pre-annotations) is still
 * being received and parsed.
 */
export const TASK_IMAGE_HEADER = 'x-task-image';

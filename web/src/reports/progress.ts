import { plural } from "../ui/french";
import { progressText } from "./model";

/** « 0 sur 1 indicateur renseigné », « 3 sur 5 indicateurs renseignés »: the participle agrees too. */
export const answeredText = (answered: number, assigned: number) =>
  `${progressText(answered, assigned)} ${plural(assigned, "renseigné", "renseignés")}`;
